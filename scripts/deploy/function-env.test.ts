import { describe, expect, it } from 'vitest';
import { checkRendering, environmentProblems, functionCode, type EnvEntry, type FunctionCode } from './function-env.ts';

const fromConfig = (name: string): EnvEntry => ({ name, valueFrom: { configMapKeyRef: { name: 'tabular-ct-config', key: name } } });
const fromSecret = (name: string, key = name): EnvEntry => ({ name, valueFrom: { secretKeyRef: { name: 'tabular-ct-secrets', key } } });

// history: database and mlflow sections, opens CLEAN only.
const history: FunctionCode = { sections: ['database', 'mlflow', 'http'], opens: ['CLEAN_DATABASE_URL'] };
const historyEnv: EnvEntry[] = [
  { name: 'RAW_DATABASE_URL', value: 'postgresql://postgres:5432/raw' },
  fromSecret('CLEAN_DATABASE_URL', 'READER_DATABASE_URL'),
  fromConfig('MLFLOW_TRACKING_URI'),
  fromSecret('MLFLOW_TRACKING_PASSWORD'),
];
const keys = { configMap: new Set(['MLFLOW_TRACKING_URI']), secret: new Set(['READER_DATABASE_URL', 'MLFLOW_TRACKING_PASSWORD']) };

describe('functionCode', () => {
  it('reads the sections of the startFunction call, with http, and the database URLs the function opens', () => {
    const source = `await startFunction('drift', ['database', 'mlflow', "pipelineAuth"], ({ config, pool }) => ({
      routes: driftRoutes({ cleanPool: pool(config.database.cleanUrl) }),`;
    expect(functionCode(source)).toEqual({ sections: ['database', 'mlflow', 'pipelineAuth', 'http'], opens: ['CLEAN_DATABASE_URL'] });
  });

  it('fails on a main.ts without the call, or with a section the code does not define', () => {
    expect(() => functionCode('serve()', 'x/main.ts')).toThrow('x/main.ts: no startFunction');
    expect(() => functionCode(`startFunction('x', ['database', 'secrets'], build)`)).toThrow('unknown config sections secrets');
  });
});

describe('environmentProblems', () => {
  it('accepts the variables of the sections, a URL it never opens without credentials', () => {
    expect(environmentProblems('history', history, { env: historyEnv }, keys)).toEqual([]);
  });

  it('names a variable of a section the function does not load', () => {
    const env = [...historyEnv, fromSecret('AWS_SECRET_ACCESS_KEY'), fromSecret('ADMIN_DATABASE_URL')];
    expect(environmentProblems('history', history, { env }, { configMap: keys.configMap })).toEqual([
      'history: AWS_SECRET_ACCESS_KEY is not a variable of its sections (database, mlflow, http)',
      'history: ADMIN_DATABASE_URL is not a variable of its sections (database, mlflow, http)',
    ]);
  });

  it('refuses envFrom, which loads a whole ConfigMap or Secret', () => {
    expect(environmentProblems('history', history, { env: historyEnv, envFrom: [{ secretRef: { name: 'tabular-ct-secrets' } }] }, keys)).toEqual([
      'history: envFrom loads every key of a ConfigMap or Secret; set each variable of its sections instead',
    ]);
  });

  it('names credentials for a database the function never opens', () => {
    const env = [fromSecret('RAW_DATABASE_URL', 'RAW_WRITER_DATABASE_URL'), ...historyEnv.slice(1)];
    expect(environmentProblems('history', history, { env }, { configMap: keys.configMap })).toEqual([
      'history: RAW_DATABASE_URL carries credentials, but the function never opens it',
    ]);
    const inline = [{ name: 'RAW_DATABASE_URL', value: 'postgresql://u:p@postgres/raw' }, ...historyEnv.slice(1)];
    expect(environmentProblems('history', history, { env: inline }, keys)).toEqual(['history: RAW_DATABASE_URL carries credentials, but the function never opens it']);
  });

  it('names a missing required variable and keys the rendered ConfigMap or Secret lack', () => {
    const env = [...historyEnv.slice(0, 2), fromConfig('MLFLOW_TIMEOUT_MS'), fromSecret('MLFLOW_TRACKING_PASSWORD', 'MLFLOW_PASSWORD')];
    expect(environmentProblems('history', history, { env }, keys)).toEqual([
      'history: MLFLOW_TIMEOUT_MS reads ConfigMap key MLFLOW_TIMEOUT_MS, which the chart does not render',
      'history: MLFLOW_TRACKING_PASSWORD reads Secret key MLFLOW_PASSWORD, which the chart\'s Secret lacks',
      'history: MLFLOW_TRACKING_URI (mlflow, required) is not set',
    ]);
  });

  it('lets the image\'s own variables through', () => {
    expect(environmentProblems('history', history, { env: [...historyEnv, { name: 'NODE_FLAGS', value: '--single-threaded-gc' }] }, keys)).toEqual([]);
  });
});

describe('checkRendering', () => {
  const configMap = 'kind: ConfigMap\nmetadata: { name: tabular-ct-config }\ndata: { MLFLOW_TRACKING_URI: "http://mlflow:5000" }\n';
  const service = (name: string, env: EnvEntry[]): string =>
    `kind: Service\nmetadata: { name: ${name}, labels: { app.kubernetes.io/component: function } }\nspec: { template: { spec: { containers: [{ env: ${JSON.stringify(env)} }] } } }\n`;

  it('checks every function of the rendering against its code', () => {
    const rendered = [configMap, service('history', historyEnv.filter((e) => !e.name.startsWith('MLFLOW_TRACKING_P')))].join('---\n');
    const result = checkRendering(rendered, new Map([['history', history]]), true);
    expect(result.problems).toEqual([]);
    expect(result.summary).toBe('1 functions, 3 variables, each of a section its main.ts loads');
  });

  it('names a function without code, one without a Service, and a stray ConfigMap key', () => {
    const rendered = [configMap.replace('data: { MLFLOW', 'data: { RELOAD_TOKENS: x, MLFLOW'), service('ghost', [])].join('---\n');
    expect(checkRendering(rendered, new Map([['history', history]]), true).problems).toEqual([
      'ConfigMap key RELOAD_TOKENS is no variable of functions/core/src/config/env-variables.ts',
      'ghost: a Knative Service without functions/ghost/src/main.ts',
      'history: functions/history/src/main.ts has no Knative Service',
    ]);
  });
});
