import type { DatasetName } from '@tabular-ct/core';
import path from 'node:path';
import { httpHealthy } from './http-health.ts';
import { paths, repoRoot } from './paths.ts';
import { startServiceAt, stopService, type RunningService, type ServiceSpec } from './service.ts';

/** The deployable functions the local stack can run, each on its own port (overridable). */
const functionPorts = {
  collect: 8102,
  preprocess: 8103,
  drift: 8104,
  train: 8105,
  promote: 8106,
  predict: 8107,
  explain: 8108,
  history: 8109,
} as const;

type LocalFunction = keyof typeof functionPorts;

// One simulator per dataset: a deployment serves one dataset, as the course's API does.
const datasourcePorts: Record<DatasetName, number> = { realtor: 8101, diabetes: 8111 };

const port = (name: string, fallback: number): number => Number(process.env[`STACK_${name.toUpperCase().replace(/-/g, '_')}_PORT`] ?? fallback);

/** The web UI's port beside the demo's functions; a set of functions with a port offset has its UI at the same offset. */
export const UI_PORT = 8120;

// Pages of the set's own UI may call its functions, under either loopback name.
const uiOrigins = (portOffset: number): string => `http://127.0.0.1:${UI_PORT + portOffset},http://localhost:${UI_PORT + portOffset}`;

function functionService(name: string, source: string, listenPort: number, env: Record<string, string>, portOffset: number): ServiceSpec {
  return {
    name,
    command: process.execPath,
    // tsx runs the TypeScript as it is: the same sources the tests run, no build step locally.
    args: ['--import', 'tsx', path.join(repoRoot, 'functions', source, 'src', 'main.ts')],
    cwd: repoRoot,
    env: { CORS_ALLOWED_ORIGINS: uiOrigins(portOffset), ...env, PORT: String(listenPort), HOST: '127.0.0.1', DATASETS_DIR: paths.datasets },
    healthy: () => httpHealthy(`http://127.0.0.1:${listenPort}/health`),
    startTimeoutMs: 30_000,
  };
}

/**
 * The bearer token the local pipeline functions accept, and the demo, the tests and the local
 * Airflow send. Locally a fixed token is enough: the functions listen on loopback only.
 */
export const LOCAL_PIPELINE_TOKEN = process.env.STACK_PIPELINE_TOKEN ?? 'local-pipeline-token-for-this-workstation-only';

const pipelineFunctions: ReadonlySet<LocalFunction> = new Set(['collect', 'preprocess', 'drift', 'train', 'promote']);

/** The HMAC secret the local MLflow signs webhook deliveries with; loopback only, like the tokens. */
const LOCAL_WEBHOOK_SECRET = process.env.STACK_WEBHOOK_SECRET ?? 'local-mlflow-webhook-secret-for-this-workstation';

/** What one function needs beyond the stack's variables; `dataApis` are the data APIs collect may read. */
function perFunctionEnv(name: LocalFunction, dataset: DatasetName, dataApis: readonly string[], listenPort: number): Record<string, string> {
  if (pipelineFunctions.has(name)) {
    return { PIPELINE_TOKENS: LOCAL_PIPELINE_TOKEN, ...(name === 'collect' ? { DATA_API_ALLOWED_URLS: dataApis.join(',') } : {}) };
  }
  if (name !== 'predict') return {};
  return {
    PREDICTOR_DATASET: dataset,
    // Locally a fixed token is enough: the predictor listens on loopback only.
    RELOAD_TOKEN: process.env.STACK_RELOAD_TOKEN ?? 'local-reload-token',
    // MLflow tells the predictor of each promotion at once; polling is the fallback.
    PREDICTOR_WEBHOOK_URL: `http://127.0.0.1:${listenPort}/webhooks/mlflow`,
    MLFLOW_WEBHOOK_SECRET: LOCAL_WEBHOOK_SECRET,
    ALIAS_POLL_SECONDS: process.env.STACK_ALIAS_POLL_SECONDS ?? '30',
  };
}

/**
 * The simulator's scale as the shell sets it (`DATASOURCE_SCALE=course npm run demo`), named in
 * the service's spec: a simulator running at another scale is then restarted, not reused.
 * A set's own datasourceEnv (the demo's --scale, the tests' documented scale) comes after it.
 */
const shellScale = (): Record<string, string> =>
  Object.fromEntries(['DATASOURCE_SCALE', 'DATASOURCE_SCALE_SEED'].flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));

/** A second set of functions beside the demo's: other service names (pid and log files), other ports. */
interface FunctionSetOptions {
  /** Service names become `<prefix>-<function>`. */
  prefix?: string;
  /** Added to every port. The plan: 0 the demo (81xx), 100 the end-to-end tests, 200 the browser test, 300 the Prometheus test. */
  portOffset?: number;
  /** More variables for the data API simulator: its mode (DATASOURCE_API_MODE=window) and the mode's settings, its scale (DATASOURCE_SCALE). */
  datasourceEnv?: Record<string, string>;
  /** Data APIs collect may read besides the set's simulator (the course's, for the demo's --source-url). */
  otherDataApis?: readonly string[];
}

/** Starts (or reuses) the data API simulator for a dataset and the given functions, pointed at the stack. */
export async function startFunctions(
  env: Record<string, string>,
  dataset: DatasetName,
  names: readonly LocalFunction[],
  options: FunctionSetOptions = {},
): Promise<{ functions: RunningService[]; stop(): Promise<void> }> {
  const offset = options.portOffset ?? 0;
  const named = (n: string): string => (options.prefix ? `${options.prefix}-${n}` : n);
  const datasourcePort = port(`datasource-${dataset}`, datasourcePorts[dataset]) + offset;
  const dataApis = [`http://127.0.0.1:${datasourcePort}`, ...(options.otherDataApis ?? [])];
  const specs = [
    functionService(named(`datasource-${dataset}`), 'datasource', datasourcePort, { ...env, ...shellScale(), ...options.datasourceEnv, DATASOURCE_DATASET: dataset }, offset),
    ...names.map((n) => functionService(named(n), n, port(n, functionPorts[n]) + offset, { ...env, ...perFunctionEnv(n, dataset, dataApis, port(n, functionPorts[n]) + offset) }, offset)),
  ];
  const started: string[] = [];
  const functions = await Promise.all(
    specs.map(async (spec) => {
      const service = await startServiceAt(spec, `http://127.0.0.1:${spec.env?.PORT ?? ''}`);
      if (service.outcome === 'started') started.push(spec.name);
      return service;
    }),
  );
  return {
    functions,
    stop: async () => {
      for (const name of started) await stopService(name);
    },
  };
}

/** Every function service name the stack may have started, and the UI's server, for `stack stop`. */
export const functionServiceNames = [...Object.keys(datasourcePorts).map((d) => `datasource-${d}`), ...Object.keys(functionPorts), 'ui'];
