import { featureColumns, datasets, registeredModelName } from '@tabular-ct/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange, rawRequest } from '../../functions/platform/src/testing/raw-exchange.ts';
import { restartDataApi, runCycle } from '../demo/data-cycle.ts';
import { LOCAL_PIPELINE_TOKEN } from '../stack/functions.ts';
import { recordedPid } from '../stack/service.ts';
import { fuzzedRequest, junkText, seededRandom, type FuzzTarget } from './fuzz-requests.ts';
import { prepareIsolatedCycle, serviceName, type IsolatedCycle } from './isolated-cycle.ts';

// Every route of every function, sent a few thousand seeded, fuzzed requests (valid ones,
// fields dropped, replaced by junk, NUL and lone surrogates, unknown fields, wrong types and
// methods, bodies that are not JSON, no token) and malformed HTTP at the socket level, on a
// realtor cycle in an isolated environment. Nothing may answer a 5xx, every error must have
// its documented shape, no process may exit, and the inference log must hold one row per
// answered prediction.
const SEED = 20_261_207;
const REQUESTS = 2_500;
const AT_ONCE = 4;
const DATASET = 'realtor';
const RELOAD_TOKEN = process.env.STACK_RELOAD_TOKEN ?? 'local-reload-token';

interface Answer {
  target: string;
  status: number;
  body: string;
}

describe('every function under fuzzed requests', () => {
  let cycle: IsolatedCycle;
  let targets: FuzzTarget[];
  let pidsBefore: Record<string, number | undefined>;
  const answers: Answer[] = [];
  let predictionsAnswered = 0;
  const functionNames = ['collect', 'preprocess', 'drift', 'train', 'promote', 'predict', 'explain', 'history', `datasource-${DATASET}`];

  beforeAll(async () => {
    cycle = await prepareIsolatedCycle(DATASET, 'e2e_fuzz');
    await restartDataApi(cycle.urls.datasource, 1);
    await runCycle(cycle.urls, DATASET, 1, () => undefined);
    const serving = await cycle.startServing();
    for (let i = 0; i < 240 && (await fetch(`${serving.predict}/ready`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 500));

    const model = registeredModelName(DATASET, cycle.env.MODEL_NAME_PREFIX);
    const features = featureColumns(datasets[DATASET]).map((c) => c.name);
    const records = (await cycle.raw.query<{ payload: Record<string, unknown> }>('SELECT payload FROM raw_rows LIMIT 50')).rows.map((r) =>
      Object.fromEntries(features.map((f) => [f, r.payload[f] ?? null])),
    );
    const trained = (await cycle.clean.query<{ batch_id: string }>("SELECT batch_id FROM decisions WHERE kind = 'train'")).rows.map((r) => r.batch_id);
    const versions = (await cycle.clean.query<{ model_version: string }>("SELECT model_version FROM decisions WHERE kind IN ('promote', 'reject')")).rows.map((r) => r.model_version);
    targets = fuzzTargets({ urls: { ...cycle.urls, ...serving }, model, records, trained, versions });
    pidsBefore = Object.fromEntries(await Promise.all(functionNames.map(async (fn) => [fn, await recordedPid(serviceName(fn))] as const)));
  }, 600_000);

  afterAll(async () => {
    await cycle?.close();
  });

  it(`answers ${REQUESTS} fuzzed requests over every route with no 5xx, every error in its shape`, async () => {
    const random = seededRandom(SEED);
    const requests = Array.from({ length: REQUESTS }, (_, i) => fuzzedRequest(targets[i % targets.length] as FuzzTarget, random));
    for (let start = 0; start < requests.length; start += AT_ONCE) {
      await Promise.all(
        requests.slice(start, start + AT_ONCE).map(async (r) => {
          const res = await fetch(r.url, { method: r.method, headers: r.headers, ...(r.body === undefined ? {} : { body: r.body }) });
          const body = await res.text();
          answers.push({ target: `${r.label} ${r.method} ${new URL(r.url).pathname}`, status: res.status, body });
          if (res.status === 200) predictionsAnswered += predictionsIn(r.url, body);
        }),
      );
    }
    const byStatus = new Map<string, number>();
    for (const a of answers) byStatus.set(`${a.target.split(' ')[0]} ${a.status}`, (byStatus.get(`${a.target.split(' ')[0]} ${a.status}`) ?? 0) + 1);
    console.log(`fuzz (seed ${SEED}): answers by function and status\n${[...byStatus].sort().map(([k, n]) => `  ${k}: ${n}`).join('\n')}`);
    const failures = answers.filter((a) => a.status >= 500);
    expect(failures.slice(0, 5), `${failures.length} answers of 5xx`).toEqual([]);
    const misshapen = answers.filter((a) => a.status >= 400 && !errorShaped(a));
    expect(misshapen.slice(0, 5), `${misshapen.length} errors out of shape`).toEqual([]);
    // The run is not all refusals: valid requests of every kind got through.
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThan(REQUESTS / 5);
    expect(predictionsAnswered).toBeGreaterThan(0);
  }, 600_000);

  it('answers malformed HTTP on every function and keeps serving', async () => {
    const lines = [
      'GET // HTTP/1.1',
      'GET //a:b HTTP/1.1',
      'GET http://x:99999/ HTTP/1.1',
      'GET /%ff HTTP/1.1',
      `GET /health?${'q'.repeat(70_000)} HTTP/1.1`,
    ];
    for (const fn of functionNames) {
      const url = new URL(fn === `datasource-${DATASET}` ? cycle.urls.datasource : (targets.find((t) => t.fn === fn)?.base ?? ''));
      const port = Number(url.port);
      for (const line of lines) {
        const answer = await rawExchange(port, rawRequest(line));
        expect(answer?.status, `${fn}: ${line.slice(0, 40)}`).toBeGreaterThanOrEqual(400);
        expect(answer?.status, `${fn}: ${line.slice(0, 40)}`).toBeLessThan(500);
      }
      const cut = await rawExchange(port, rawRequest('POST /x HTTP/1.1', ['Content-Type: application/json', 'Content-Length: 100'], '{"a":'));
      expect(cut === null || cut.status < 500, `${fn}: a body cut short`).toBe(true);
      expect((await fetch(`${url.origin}/health`)).status, `${fn} still serves`).toBe(200);
    }
  }, 120_000);

  it('kept every function running: the same process as before', async () => {
    for (const fn of functionNames) expect(await recordedPid(serviceName(fn)), fn).toBe(pidsBefore[fn]);
  });

  it('logged exactly one inference-log row per answered prediction', async () => {
    const model = registeredModelName(DATASET, cycle.env.MODEL_NAME_PREFIX);
    const logged = async () => Number((await cycle.raw.query<{ n: string }>('SELECT count(*) AS n FROM inference_log WHERE model_name = $1', [model])).rows[0]?.n);
    // The log is written in batches, at most a second apart (INFERENCE_LOG_FLUSH_MS).
    for (let i = 0; i < 20 && (await logged()) < predictionsAnswered; i++) await new Promise((r) => setTimeout(r, 500));
    expect(await logged()).toBe(predictionsAnswered);
  });
});

/** Rows predicted in a 200 answer of a prediction route: the inference log holds one row each. */
function predictionsIn(url: string, body: string): number {
  const path = new URL(url).pathname;
  if (path === '/predict') return 1;
  if (path === '/predict/batch') return (JSON.parse(body) as { predictions: unknown[] }).predictions.length;
  if (path.endsWith('/infer')) return (JSON.parse(body) as { outputs: Array<{ data: unknown[] }> }).outputs[0]?.data.length ?? 0;
  return 0;
}

/** Our `{error: {code, message}}`, the Open Inference Protocol's `{error: message}` on /v2, FastAPI's `{detail}` from the simulator. */
function errorShaped(answer: Answer): boolean {
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return false;
  }
  const b = body as { error?: { code?: unknown; message?: unknown } | string; detail?: unknown };
  if (answer.target.includes(' /v2')) return typeof b.error === 'string';
  if (answer.target.startsWith('datasource') && b.detail !== undefined) return true;
  return typeof b.error === 'object' && typeof b.error?.code === 'string' && typeof b.error.message === 'string';
}

interface TargetInputs {
  urls: Record<'datasource' | 'collect' | 'preprocess' | 'drift' | 'train' | 'promote' | 'predict' | 'explain' | 'history', string>;
  model: string;
  records: Array<Record<string, unknown>>;
  trained: string[];
  versions: string[];
}

/** Every route of every function, with a valid request to mutate. */
function fuzzTargets({ urls, model, records, trained, versions }: TargetInputs): FuzzTarget[] {
  const pipeline = { authorization: `Bearer ${LOCAL_PIPELINE_TOKEN}` };
  const pick = <T>(list: readonly T[], fallback: T) => (random: () => number): T => list[Math.floor(random() * list.length)] ?? fallback;
  const record = pick(records, {});
  const batch = pick([...trained, 'realtor-g1-b9-d99', 'diabetes-g1-b0-d1'], 'realtor-g1-b0-d1');
  const version = pick([...versions, '999'], '1');
  const oip = (rows: Array<Record<string, unknown>>) => ({
    inputs: Object.keys(rows[0] ?? {}).map((name) => ({ name, shape: [rows.length], datatype: typeof rows[0]?.[name] === 'number' ? 'FP64' : 'BYTES', data: rows.map((r) => r[name] ?? '') })),
  });
  const t = (fn: string, base: string, method: string, path: string, valid: FuzzTarget['valid'], headers: Record<string, string> = {}): FuzzTarget => ({ fn, base, method, path, valid, headers });
  return [
    t('datasource', urls.datasource, 'GET', '/data', (r) => ({ query: { group_number: String(2 + Math.floor(r() * 9)) } })),
    t('datasource', urls.datasource, 'GET', '/restart_data_generation', (r) => ({ query: { group_number: String(2 + Math.floor(r() * 9)) } })),
    t('datasource', urls.datasource, 'GET', '/health', () => ({})),
    t('collect', urls.collect, 'POST', '/collect', (r) => ({ json: { dataset: DATASET, source_url: urls.datasource, group_number: 2 + Math.floor(r() * 9), calls: 1 } }), pipeline),
    t('preprocess', urls.preprocess, 'POST', '/preprocess', (r) => ({ json: { dataset: DATASET, batch_id: batch(r) } }), pipeline),
    t('drift', urls.drift, 'POST', '/drift', (r) => ({ json: { dataset: DATASET, batch_id: batch(r) } }), pipeline),
    t('train', urls.train, 'POST', '/train', (r) => ({ json: { dataset: DATASET, batch_id: batch(r), reasons: [junkText(r)] } }), pipeline),
    t('promote', urls.promote, 'POST', '/promote', (r) => ({ json: { dataset: DATASET, version: version(r) } }), pipeline),
    t('predict', urls.predict, 'POST', '/predict', (r) => ({ json: record(r) })),
    t('predict', urls.predict, 'POST', '/predict/batch', (r) => ({ json: [record(r), record(r), record(r)] })),
    t('predict', urls.predict, 'POST', '/predict/batch', (r) => ({ csv: [record(r), record(r)] })),
    t('predict', urls.predict, 'POST', `/v2/models/${model}/infer`, (r) => ({ json: oip([record(r), record(r)]) })),
    t('predict', urls.predict, 'GET', `/v2/models/${model}`, () => ({})),
    t('predict', urls.predict, 'GET', `/v2/models/${model}/ready`, () => ({})),
    t('predict', urls.predict, 'GET', '/model', () => ({})),
    t('predict', urls.predict, 'GET', '/ready', () => ({})),
    t('predict', urls.predict, 'POST', '/reload', () => ({}), { authorization: `Bearer ${RELOAD_TOKEN}` }),
    t('explain', urls.explain, 'POST', '/explain', (r) => ({ json: { dataset: DATASET, features: record(r) } })),
    t('explain', urls.explain, 'POST', '/importance', () => ({ json: { dataset: DATASET, sample: 5 } })),
    t('explain', urls.explain, 'POST', '/compare', (r) => ({ json: { dataset: DATASET, a: version(r), b: version(r), sample: 5 } })),
    t('history', urls.history, 'GET', '/history', () => ({ query: { dataset: DATASET } })),
    t('history', urls.history, 'GET', '/drift', () => ({ query: { dataset: DATASET } })),
    t('history', urls.history, 'GET', '/profile', (r) => ({ query: { dataset: DATASET, batch_id: batch(r) } })),
    ...Object.entries(urls).map(([fn, base]) => t(fn, base, 'GET', '/metrics', () => ({}))),
  ];
}
