import { registeredModelName, type DriftReport, type HistoryBatch } from '@tabular-ct/core';
import {
  createMlflowClient,
  createPool,
  insertCleanBatch,
  loadConfig,
  migrate,
  recordDecision,
  recreateDatabases,
  saveDriftReport,
  testServer,
  startProduction,
  type Pool,
  type RunningServer,
} from '@tabular-ct/platform';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { historyRoutes } from './routes.ts';

// A CLEAN database and a registered model of the test's own, recreated on each run: realtor
// batches here never meet the demo's, and the history read back is exactly what the test wrote.
const DB = 'clean_history_test';
const PREFIX = 'history-test';
const MODEL = registeredModelName('realtor', PREFIX);
// Deliveries 2, 10 and 11 of group 1; 10 and 11 carry batch number 10 (two samples of it).
const batchId = (delivery: number): string => `realtor-g1-b${Math.min(delivery, 10)}-d${delivery}`;

const profile = (rows: number) => ({
  rows,
  target: {
    kind: 'numeric',
    count: rows,
    missing: 0,
    missing_share: 0,
    min: 1,
    max: 2,
    mean: 1.5,
    std: 0.5,
    quantiles: { p01: 1, p05: 1, p25: 1, p50: 1.5, p75: 2, p95: 2, p99: 2 },
    histogram: { edges: [1, 1.5, 2], counts: [1, 1], below: 0, above: 0 },
    target_correlation: null,
  },
  columns: { state: { kind: 'categorical', count: rows, missing: 0, missing_share: 0, distinct: 1, top: [{ value: 'Ohio', count: rows, share: 1, target_mean: 1.5 }], target_correlation: null } },
});

const report = (n: number, drifted: boolean): DriftReport => ({
  dataset: 'realtor',
  batch_id: batchId(n),
  reference: { rows: 2, batch_id: batchId(2) },
  current: { rows: 2 },
  columns: [{ column: 'state', role: 'feature', kind: 'categorical', test: 'jensenshannon', statistic: drifted ? 0.4 : 0.01, threshold: 0.1, drifted, missing_share: { reference: 0, current: 0 }, new_categories: [] }],
  dataset_drift: { drifted_share: drifted ? 1 : 0, threshold: 0.5, drifted },
});

describe('the history function on the real stack', () => {
  const env = inject('stackEnv');
  const config = loadConfig(env, ['mlflow']);
  const mlflow = createMlflowClient(config.mlflow);
  const admin = new URL(env.CLEAN_DATABASE_URL ?? '');
  admin.pathname = '/postgres';
  const cleanUrl = new URL(admin);
  cleanUrl.pathname = `/${DB}`;
  let pool: Pool;
  let running: RunningServer;
  const get = async (path: string) => {
    const res = await fetch(`${running.url}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
  };

  beforeAll(async () => {
    await recreateDatabases(admin.toString(), [DB]);
    pool = createPool(cleanUrl.toString());
    await migrate(pool, 'clean');
    // Delivery 10 written first: the order is the delivery number, not the insertion or the text order.
    for (const n of [10, 11, 2]) {
      await insertCleanBatch(pool, {
        summary: { batch_id: batchId(n), dataset: 'realtor', rows_in: 4, rows_clean: 2, rows_rejected: 1, rows_duplicate: 1 },
        rows: [0, 1].map((i) => ({ row_index: i, row_key: `${n}-${i}`, split: 'train', features: { state: 'Ohio' }, target: 1 + i })),
        rejects: [{ row_index: 2, field: 'price', reason: 'missing', payload: {} }],
        duplicates: [{ row_index: 3, row_key: `${n}-0` }],
        profile: profile(2),
      });
    }

    await mlflow.registry.deleteRegisteredModel(MODEL);
    const experimentId = await mlflow.experiments.getOrCreate(MODEL);
    const run = await mlflow.runs.create({ experimentId, runName: 'train' });
    await mlflow.runs.logBatch(run.info.run_id, { metrics: [{ key: 'test_rmse', value: 1234.5, step: 0 }] });
    const logged = await mlflow.loggedModels.create({ experimentId, name: 'model', sourceRunId: run.info.run_id });
    await mlflow.loggedModels.finalize(logged.info.model_id);
    await mlflow.registry.getOrCreateRegisteredModel(MODEL);
    const version = await mlflow.registry.createModelVersion({ name: MODEL, source: `models:/${logged.info.model_id}`, runId: run.info.run_id, modelId: logged.info.model_id });
    await mlflow.registry.setModelVersionTag(MODEL, version.version, 'decision', 'promoted');

    await saveDriftReport(pool, { batch_id: batchId(2), dataset: 'realtor', deliveries: [batchId(2)], retrain: true, reasons: ['no model in production yet'], report: report(2, false) });
    await recordDecision(pool, { dataset: 'realtor', batch_id: batchId(2), kind: 'train', model_name: MODEL, reasons: ['no model in production yet'], details: { deliveries: [batchId(2)] } });
    await startProduction(pool, { model_name: MODEL, model_version: version.version, reason: 'first version' }, () => mlflow.registry.setAlias(MODEL, 'production', version.version));
    await recordDecision(pool, {
      dataset: 'realtor',
      batch_id: batchId(2),
      kind: 'promote',
      model_name: MODEL,
      model_version: version.version,
      reasons: ['first version'],
      details: { metric: 'rmse', challenger: 1234.5, champion: null },
    });
    // One decision for deliveries 10 and 11, asked for 11 (a DAG run that collected both).
    const covered = [batchId(10), batchId(11)];
    await saveDriftReport(pool, { batch_id: batchId(11), dataset: 'realtor', deliveries: covered, retrain: false, reasons: ['no column drifted'], report: report(11, false) });
    await recordDecision(pool, { dataset: 'realtor', batch_id: batchId(11), kind: 'skip', model_name: MODEL, model_version: version.version, reasons: ['no column drifted'], details: { deliveries: covered } });

    const routes = historyRoutes({ cleanPool: pool, mlflow, modelName: (dataset) => registeredModelName(dataset, PREFIX) });
    running = await testServer(routes, { name: 'history' });
  });

  afterAll(async () => {
    await running?.close();
    await mlflow.registry.deleteRegisteredModel(MODEL);
    await pool?.end();
  });

  it('lists every batch in delivery order with its accounting and decisions, and the version in production', async () => {
    const { status, body } = await get('/history?dataset=realtor');
    expect(status).toBe(200);
    expect(body).toMatchObject({ dataset: 'realtor', model_name: MODEL, production_version: '1' });
    const batches = body.batches as Array<HistoryBatch>;
    expect(batches.map((b) => [b.batch_id, b.batch_number, b.delivery, b.rows_in, b.rows_rejected, b.rows_duplicate, b.decisions.map((d) => d.kind), b.decided_with])).toEqual([
      [batchId(2), 2, 2, 4, 1, 1, ['train', 'promote'], batchId(2)],
      [batchId(10), 10, 10, 4, 1, 1, [], batchId(11)],
      [batchId(11), 10, 11, 4, 1, 1, ['skip'], batchId(11)],
    ]);
    expect(batches[0]?.decisions[1]).toMatchObject({ model_version: '1', details: { challenger: 1234.5, champion: null } });
    expect(body.production).toEqual([expect.objectContaining({ model_version: '1', until: null, reason: 'first version' })]);
    expect(body.versions).toEqual([expect.objectContaining({ version: '1', aliases: ['production'], decision: 'promoted', tags: { decision: 'promoted' }, metrics: { test_rmse: 1234.5 } })]);
  });

  it('returns every drift report in delivery order', async () => {
    const { body } = await get('/drift?dataset=realtor');
    const reports = body.reports as Array<{ batch_id: string; deliveries: string[]; retrain: boolean; report: DriftReport }>;
    expect(reports.map((r) => [r.batch_id, r.deliveries, r.retrain])).toEqual([
      [batchId(2), [batchId(2)], true],
      [batchId(11), [batchId(10), batchId(11)], false],
    ]);
    expect(reports[1]?.report.columns[0]?.column).toBe('state');
  });

  it('returns the latest batch profile by default, or the one named', async () => {
    const latest = await get('/profile?dataset=realtor');
    expect(latest.body).toMatchObject({ batch_id: batchId(11), batches: [batchId(2), batchId(10), batchId(11)], profile: { rows: 2 } });
    expect((await get(`/profile?dataset=realtor&batch_id=${batchId(2)}`)).body.batch_id).toBe(batchId(2));
  });

  it('answers bad queries with a 400 naming the parameter, and an unknown batch with a 404', async () => {
    const missing = await get('/history');
    expect(missing.status).toBe(400);
    expect(missing.body.error?.message).toMatch(/dataset/);
    const unknown = await get('/drift?dataset=iris');
    expect(unknown.status).toBe(400);
    expect((await get('/profile?dataset=realtor&batch_id=realtor-g1-b99-d99')).status).toBe(404);
    expect((await get('/profile?dataset=diabetes')).status).toBe(404);
  });
});
