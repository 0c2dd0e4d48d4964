import { datasets, encodeColumns, modelFeatures, oipInferResponse, predictBatchResponse, predictResponse } from '@tabular-ct/core';
import { createRng, exportModelArtifacts, train, type Column } from '@tabular-ct/ml';
import { createMlflowClient, createPool, createS3ObjectStore, loadConfig, testServer, type RunningServer } from '@tabular-ct/platform';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPredictor } from './predictor.ts';
import { goodRealtorRow, syntheticRealtorRows } from './testing/synthetic-realtor-rows.ts';

// The predictor against the stack's MLflow and RAW database: two versions of a test-only
// registered model, trained here on synthetic realtor-shaped rows, the alias moved while a
// small load runs, bad input generated from the feature spec, and the inference log counted.

const unique = `${process.pid}-${Date.now()}`;
const MODEL = `test-predict-${unique}`;
const POLL_SECONDS = 1;
const TOKEN = 'reload-token-for-tests-only-0123456789';
const spec = datasets.realtor;
const features = modelFeatures(spec);
const quiet = () => undefined;

/** Two different worlds: version 2's prices are three times version 1's, so their answers differ. */
function trainedFiles(scale: number) {
  const rows = syntheticRealtorRows(600, 7, { states: 3, cities: 4, zipCodes: 50 });
  const encoded = encodeColumns(features, rows);
  const label = Float64Array.from(rows, (row) => scale * (50_000 + 150 * (row.house_size as number) + 20_000 * (row.bed as number)));
  const data = { features: features.map((f) => ({ name: f.name, kind: f.kind })), columns: features.map((f): Column => encoded[f.name]!) };
  const { model } = train({ data, label }, { objective: 'regression', targetTransform: 'log1p', numIterations: 20, numLeaves: 8, minDataInLeaf: 5 });
  return exportModelArtifacts(model, { createdAt: new Date().toISOString(), modelUuid: String(scale).padStart(32, '0') }, { dataset: spec.name, defaults: { bed: 3, bath: 2, status: 'for_sale' } });
}

describe('predict against the local stack', () => {
  const stackEnv = inject('stackEnv');
  const config = loadConfig(stackEnv, ['mlflow', 'database', 'objectStore']);
  const mlflow = createMlflowClient(config.mlflow);
  const rawPool = createPool(config.database.rawUrl);
  const store = createS3ObjectStore(config.objectStore);
  const predictorConfig = { dataset: 'realtor' as const, modelName: MODEL, alias: 'production', pollSeconds: POLL_SECONDS, webhookUrl: '', webhookSecret: '', reloadTokens: [TOKEN], logBatchSize: 50, logFlushMs: 200, logMaxBacklog: 100_000 };
  const predictor = createPredictor({ predictor: predictorConfig, mlflow: config.mlflow, rawPool, store, log: quiet });
  let running: RunningServer;
  let answered = 0;
  const versions: string[] = [];

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${running.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  /** Registers a version whose files are `files` (a logged model of a fresh run). */
  async function register(files: Record<string, Uint8Array | string>): Promise<string> {
    const experimentId = await mlflow.experiments.getOrCreate(`test-predict-${unique}`);
    const run = await mlflow.runs.create({ experimentId, runName: 'train' });
    await mlflow.runs.logBatch(run.info.run_id, { metrics: [{ key: 'rmse', value: 1234.5, step: 0 }] });
    const logged = await mlflow.loggedModels.create({ experimentId, name: 'model', sourceRunId: run.info.run_id });
    for (const [file, body] of Object.entries(files)) await mlflow.loggedModels.uploadFile(logged, file, typeof body === 'string' ? body : Buffer.from(body));
    await mlflow.loggedModels.finalize(logged.info.model_id);
    await mlflow.registry.getOrCreateRegisteredModel(MODEL);
    const version = await mlflow.registry.createModelVersion({ name: MODEL, source: `models:/${logged.info.model_id}`, runId: run.info.run_id, modelId: logged.info.model_id });
    return version.version;
  }

  beforeAll(async () => {
    versions.push(await register(trainedFiles(1)), await register(trainedFiles(3)));
    await mlflow.registry.setAlias(MODEL, 'production', versions[0]!);
    running = await testServer(predictor.listener, { name: 'predict' });
  });
  afterAll(async () => {
    await running?.close();
    await predictor.shutdown();
    await rawPool.end();
  });

  it('is not ready before the first load, then serves version 1', async () => {
    expect((await fetch(`${running.url}/ready`)).status).toBe(503);
    expect((await post('/predict', goodRealtorRow)).status).toBe(503);
    expect(await predictor.holder.start()).toMatchObject({ status: 'swapped', served: versions[0] });
    expect((await fetch(`${running.url}/ready`)).status).toBe(200);
    const single = await post('/predict', goodRealtorRow);
    expect(single.status).toBe(200);
    expect(predictResponse.assert(single.body)).toMatchObject({ model_name: MODEL, model_version: versions[0] });
    answered += 1;
  });

  it('answers batches as JSON and CSV, and OIP v2 infer, naming the version', async () => {
    const batch = await post('/predict/batch', [goodRealtorRow, { ...goodRealtorRow, house_size: 3000 }, { state: 'Ohio', status: 'sold' }]);
    expect(batch.status).toBe(200);
    const predictions = predictBatchResponse.assert(batch.body).predictions;
    expect(predictions).toHaveLength(3);
    expect(predictions[1]).toBeGreaterThan(predictions[0]!);
    const csv = 'status,bed,house_size,state,zip_code,prev_sold_date\nfor_sale,3,1800,Texas,10010.0,2015-06-01\n"sold",2,900,"Ohio",,\n';
    const fromCsv = await post('/predict/batch', csv, { 'content-type': 'text/csv' });
    expect(fromCsv.status).toBe(200);
    expect(predictBatchResponse.assert(fromCsv.body)).toMatchObject({ model_version: versions[0], predictions: [expect.any(Number), expect.any(Number)] });
    const infer = await post(`/v2/models/${MODEL}/infer`, {
      id: 'oip-1',
      inputs: [
        { name: 'status', shape: [2], datatype: 'BYTES', data: ['for_sale', 'sold'] },
        { name: 'state', shape: [2], datatype: 'BYTES', data: ['Texas', 'Ohio'] },
        { name: 'house_size', shape: [2, 1], datatype: 'FP64', data: [[1800], [3000]] },
      ],
    });
    expect(infer.status).toBe(200);
    expect(oipInferResponse.assert(infer.body)).toMatchObject({ model_name: MODEL, model_version: versions[0], id: 'oip-1', outputs: [{ shape: [2], datatype: 'FP64' }] });
    answered += 3 + 2 + 2;
  });

  it('describes the model: version, run, metrics, features with types and defaults; OIP metadata and health', async () => {
    const meta = (await (await fetch(`${running.url}/model`)).json()) as Record<string, unknown>;
    expect(meta).toMatchObject({ model_name: MODEL, model_version: versions[0], metrics: { rmse: 1234.5 }, defaults: { bed: 3 } });
    expect(meta.features).toContainEqual({ name: 'bed', type: 'number', required: false, integer: true, min: 0, max: 100, default: 3 });
    expect(meta.features).toContainEqual(expect.objectContaining({ name: 'status', type: 'category', required: true, allowed: ['for_sale', 'sold', 'ready_to_build'] }));
    const oip = (await (await fetch(`${running.url}/v2/models/${MODEL}`)).json()) as Record<string, unknown>;
    expect(oip).toMatchObject({ name: MODEL, versions: [versions[0]], outputs: [{ name: 'prediction', datatype: 'FP64' }] });
    expect((await fetch(`${running.url}/v2/health/ready`)).status).toBe(200);
    expect((await fetch(`${running.url}/v2/health/live`)).status).toBe(200);
  });

  it('answers the OIP routes of the served version, 404 in OIP shape for another, and keeps our error format elsewhere', async () => {
    const versioned = `/v2/models/${MODEL}/versions/${versions[0]}`;
    expect(await (await fetch(`${running.url}${versioned}`)).json()).toMatchObject({ name: MODEL, versions: [versions[0]] });
    expect(await (await fetch(`${running.url}${versioned}/ready`)).json()).toEqual({ name: MODEL, ready: true });
    const infer = await post(`${versioned}/infer`, { inputs: [{ name: 'status', shape: [1], datatype: 'BYTES', data: ['sold'] }, { name: 'state', shape: [1], datatype: 'BYTES', data: ['Ohio'] }] });
    expect(infer.status).toBe(200);
    expect(oipInferResponse.assert(infer.body)).toMatchObject({ model_name: MODEL, model_version: versions[0] });
    answered += 1;
    const other = `/v2/models/${MODEL}/versions/999`;
    for (const [method, path] of [['GET', other], ['GET', `${other}/ready`], ['POST', `${other}/infer`], ['GET', '/v2/models/another-model'], ['GET', '/v2/models/another-model/versions/1/ready']] as const) {
      const res = await fetch(`${running.url}${path}`, method === 'POST' ? { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(goodRealtorRow) } : {});
      expect(res.status, path).toBe(404);
      expect(await res.json(), path).toEqual({ error: expect.any(String) });
    }
    const refused = (await (await fetch(`${running.url}${other}`)).json()) as { error: string };
    expect(refused.error).toBe(`${MODEL} version 999 is not served here; version ${versions[0]} is`);
    const ours = await fetch(`${running.url}/no-such-route`);
    expect(ours.status).toBe(404);
    expect(await ours.json()).toMatchObject({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('answers generated bad input with a 4xx naming the field, never a 500', async () => {
    const r = createRng(20_261_123);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const names = features.map((f) => f.name);
    const badValue = (name: string): unknown => {
      const column = spec.columns.find((c) => c.name === name)!;
      const wrong: unknown[] = [true, { nested: { deeper: 1 } }, [1, 2], 'x'.repeat(5_000 + Math.floor(r() * 100_000))];
      // Free-text categories (city) take any short text; every other column refuses this one.
      if (column.kind !== 'categorical' || column.allowed || column.normalize) wrong.push('not a value');
      if (column.kind === 'numeric') wrong.push('12', (column.max ?? 1e6) * 10 + 1, (column.min ?? 0) - 1 - r() * 100);
      if (column.integer) wrong.push(2.5);
      if (column.kind === 'date') wrong.push('2023-02-30', 20230101, '01/02/2023');
      if (column.allowed) wrong.push('sold-ish', 7);
      if (column.required) wrong.push(null);
      return pick(wrong);
    };
    for (let i = 0; i < 150; i++) {
      const kind = pick(['value', 'unknown', 'value', 'batch', 'oip'] as const);
      const field = pick(names);
      let path = '/predict';
      let body: unknown;
      let named: string;
      if (kind === 'unknown') {
        named = pick(['price', 'brokered_by', 'colour', `k${'y'.repeat(Math.floor(r() * 300))}`]).slice(0, 100);
        body = { ...goodRealtorRow, [named]: pick([1, 'a', null, {}]) };
      } else if (kind === 'batch') {
        const index = Math.floor(r() * 3);
        const rows: unknown[] = [goodRealtorRow, goodRealtorRow, goodRealtorRow];
        rows[index] = { ...goodRealtorRow, [field]: badValue(field) };
        path = '/predict/batch';
        body = rows;
        named = `[${index}].${field}`;
      } else if (kind === 'oip') {
        path = `/v2/models/${MODEL}/infer`;
        const value = badValue(field);
        body = { inputs: [{ name: field, shape: [1], datatype: typeof value === 'number' ? 'FP64' : 'BYTES', data: [value] }] };
        named = field;
      } else {
        body = { ...goodRealtorRow, [field]: badValue(field) };
        named = field;
      }
      const res = await post(path, body);
      const context = `case ${i}: ${JSON.stringify(body).slice(0, 300)}`;
      expect(res.status, context).toBeGreaterThanOrEqual(400);
      expect(res.status, context).toBeLessThan(500);
      if (kind === 'oip') {
        // OIP's error answer is {"error": "<message>"}, nothing else.
        expect(Object.keys(res.body), context).toEqual(['error']);
        expect(res.body.error, context).toEqual(expect.stringContaining(named));
        continue;
      }
      const error = res.body.error as { message: string; details?: Record<string, unknown> };
      expect(String(error.message), context).toContain(named);
      expect(error.details, context).toMatchObject({ model_name: MODEL, model_version: versions[0] });
    }
    // Shapes that are not records at all.
    for (const [path, body] of [
      ['/predict', [goodRealtorRow]],
      ['/predict', 'null'],
      ['/predict', '"text"'],
      ['/predict/batch', { a: 1 }],
      ['/predict/batch', [1, 'a', null]],
      [`/v2/models/${MODEL}/infer`, { inputs: 'none' }],
      [`/v2/models/${MODEL}/infer`, { inputs: [{ name: 'bed', shape: [3], datatype: 'FP64', data: [1] }] }],
    ] as const) {
      const res = await post(path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      if (path.startsWith('/v2/')) expect(res.body, `${path} ${JSON.stringify(body)}`).toEqual({ error: expect.any(String) });
      else expect(res.body.error, `${path} ${JSON.stringify(body)}`).toMatchObject({ details: { model_version: versions[0] } });
    }
  });

  it('moves to version 2 within the poll interval with no failed request under load', async () => {
    const seen: { at: number; status: number; version: string; prediction: number }[] = [];
    let stop = false;
    const client = async () => {
      while (!stop) {
        const res = await post('/predict', goodRealtorRow);
        seen.push({ at: Date.now(), status: res.status, version: String(res.body.model_version), prediction: Number(res.body.prediction) });
        if (res.status === 200) answered += 1;
      }
    };
    const clients = [client(), client()];
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const moved = Date.now();
    await mlflow.registry.setAlias(MODEL, 'production', versions[1]!);
    const deadline = moved + 10_000;
    while (Date.now() < deadline && !seen.some((s) => s.version === versions[1])) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    stop = true;
    await Promise.all(clients);

    expect(seen.filter((s) => s.status !== 200)).toEqual([]);
    const first = seen.find((s) => s.version === versions[1]);
    expect(first, 'version 2 was never served').toBeDefined();
    // The poll interval, plus the download and session of a small model on the local stack.
    expect(first!.at - moved).toBeLessThan(POLL_SECONDS * 1000 + 3_000);
    expect(seen.filter((s) => s.at > first!.at + 100).every((s) => s.version === versions[1])).toBe(true);
    expect(seen.filter((s) => s.at < moved).every((s) => s.version === versions[0])).toBe(true);
    // Each answer really comes from the version it names: version 2 learned prices three times version 1's.
    const byVersion = (v: string) => [...new Set(seen.filter((s) => s.version === v).map((s) => s.prediction))];
    const [p1, p2] = [byVersion(versions[0]!), byVersion(versions[1]!)];
    expect(p1).toHaveLength(1);
    expect(p2).toHaveLength(1);
    expect(p2[0]! / p1[0]!).toBeGreaterThan(2.5);
    expect(p2[0]! / p1[0]!).toBeLessThan(3.5);
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`model_version_served\\{model_name="${MODEL}",model_version="${versions[1]}"[^}]*\\} 1`));
    expect(metrics).toMatch(/predictor_cold_start_seconds\{[^}]*\} \d/);
  });

  it('keeps serving version 2 when the new version does not load, and says so', async () => {
    const broken = await register({ ...trainedFiles(1), 'model.onnx': new Uint8Array([1, 2, 3, 4]) });
    await mlflow.registry.setAlias(MODEL, 'production', broken);
    expect((await post('/reload', {})).status).toBe(401);
    expect((await post('/reload', {}, { authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(401);
    const reload = await post('/reload', {}, { authorization: `Bearer ${TOKEN}` });
    expect(reload.status).toBe(502);
    expect(reload.body.error).toMatchObject({ details: { status: 'failed', served: versions[1], alias_version: broken } });
    const single = await post('/predict', goodRealtorRow);
    expect(single.body).toMatchObject({ model_version: versions[1] });
    answered += 1;
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`model_load_failures_total\\{model_version="${broken}"[^}]*\\} 1`));
    // A bundle whose feature_spec.json breaks the schema: the reload answer names the field.
    const files = trainedFiles(1);
    const manifest = JSON.parse(files['feature_spec.json']) as { features: { kind: string }[] };
    manifest.features[1]!.kind = 'text';
    const malformed = await register({ ...files, 'feature_spec.json': JSON.stringify(manifest) });
    await mlflow.registry.setAlias(MODEL, 'production', malformed);
    const refused = await post('/reload', {}, { authorization: `Bearer ${TOKEN}` });
    expect(refused.status).toBe(502);
    expect(refused.body.error).toMatchObject({ details: { status: 'failed', served: versions[1], alias_version: malformed } });
    expect(String((refused.body.error as { message?: unknown }).message)).toMatch(/feature_spec\.json: features\[1\]\.kind must be "categorical" or "numeric"/);
    expect((await post('/predict', goodRealtorRow)).body).toMatchObject({ model_version: versions[1] });
    answered += 1;
    // Back to a loadable version through the reload endpoint: served at once, no poll needed.
    await mlflow.registry.setAlias(MODEL, 'production', versions[0]!);
    const back = await post('/reload', {}, { authorization: `Bearer ${TOKEN}` });
    expect(back).toMatchObject({ status: 200, body: { status: 'swapped', served: versions[0], previous: versions[1] } });
  });

  /** A second predictor's first load on `alias` (of MLflow at `trackingUri`): its /ready answer and its readiness log line. */
  async function firstLoad(alias: string, trackingUri = config.mlflow.trackingUri) {
    const logged: Record<string, unknown>[] = [];
    const other = createPredictor({ predictor: { ...predictorConfig, alias, pollSeconds: 3600 }, mlflow: { ...config.mlflow, trackingUri }, rawPool, store, log: (e) => logged.push(e) });
    const server = await testServer(other.listener, { name: 'predict' });
    try {
      await other.holder.start();
      const res = await fetch(`${server.url}/ready`);
      return { status: res.status, message: String(((await res.json()) as { message?: unknown }).message), log: logged.find((e) => e.ready === false) };
    } finally {
      await server.close();
      await other.shutdown();
    }
  }

  it('names the cause on /ready and in the readiness log when the first load fails', async () => {
    // MLflow unreachable: a port nothing listens on (taken, then freed).
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = await firstLoad('production', `http://127.0.0.1:${port}`);
    expect(unreachable.status).toBe(503);
    expect(unreachable.message).toMatch(new RegExp(`^no version of ${MODEL} is loaded yet \\(alias production\\): upstream_unavailable: cannot resolve alias production: MLflow at http://127\\.0\\.0\\.1:${port}/\\S+ is unreachable: ECONNREFUSED`));
    expect(unreachable.log).toMatchObject({ level: 'warn', msg: `not ready: ${unreachable.message}`, cause: { code: 'upstream_unavailable' } });

    // The alias missing on a model that exists.
    const missing = await firstLoad('no-such-alias');
    expect(missing.status).toBe(503);
    expect(missing.message).toContain(`not_found: MLflow has no version behind alias "no-such-alias" of registered model "${MODEL}"`);
    expect(missing.log).toMatchObject({ msg: `not ready: ${missing.message}`, cause: { code: 'not_found' } });

    // The alias on a version whose model file is not an ONNX graph.
    const unreadable = await register({ ...trainedFiles(1), 'model.onnx': new Uint8Array([1, 2, 3, 4]) });
    await mlflow.registry.setAlias(MODEL, 'unreadable', unreadable);
    const broken = await firstLoad('unreadable');
    expect(broken.status).toBe(503);
    expect(broken.message).toMatch(new RegExp(`\\(alias unreadable\\): \\w+: version ${unreadable} failed to load: `));
    expect(broken.log).toMatchObject({ level: 'error', msg: `not ready: ${broken.message}` });
    await mlflow.registry.deleteAlias(MODEL, 'unreadable');
  });

  it('logs exactly one RAW row per answered prediction', async () => {
    await predictor.flushLog();
    const { rows } = await rawPool.query<{ n: string; versions: string[] }>(
      'SELECT count(*) AS n, array_agg(DISTINCT model_version ORDER BY model_version) AS versions FROM inference_log WHERE model_name = $1',
      [MODEL],
    );
    expect(Number(rows[0]!.n)).toBe(answered);
    expect(rows[0]!.versions).toEqual([...versions].sort());
  });
});
