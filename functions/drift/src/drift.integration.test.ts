import { createDecisionMetrics, createFunctionMetrics, createMlflowClient, createPool, createS3ObjectStore, insertCleanBatch, listDecisions, loadConfig, type Pool } from '@tabular-ct/platform';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { promoteVersion } from '../../promote/src/promote-version.ts';
import { trainBatch } from '../../train/src/train-batch.ts';
import { evaluateDrift, type DriftDeps } from './evaluate-drift.ts';

// A registered model and a CLEAN group of their own: the test never touches what a
// pipeline serves, and removes what it made.
const NAME = `test-drift-${process.pid}`;
const GROUP = 40 + (process.pid % 10);
// One delivery per batch number, as a cursor data API gives them, unless a test says otherwise.
const batchId = (n: number, delivery = n + 1): string => `realtor-g${GROUP}-b${n}-d${delivery}`;
const silent = (): void => undefined;

/** Realtor-shaped clean rows; `scale` moves prices and sizes, `states` the categories. */
function rows(n: number, batch: number, scale: number, states: string[]) {
  let seed = 7 + batch;
  const rand = (): number => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
  return Array.from({ length: n }, (_, i) => {
    const size = (500 + rand() * 3500) * scale;
    const state = states[i % states.length] as string;
    const price = size * 150 * (0.9 + rand() * 0.2);
    const split = i % 5 === 0 ? 'test' : i % 5 === 1 ? 'validation' : 'train';
    return {
      row_index: i,
      row_key: `${NAME}-${batch}-${i}`,
      split: split as 'train' | 'validation' | 'test',
      features: { status: 'sold', bed: 1 + (i % 5), bath: 1 + (i % 3), acre_lot: 0.2 + (i % 7) / 10, city: 'Town', state, zip_code: '00601', house_size: size, prev_sold_date: '2020-05-01', price },
      target: price,
    };
  });
}

describe('drift on the real stack', () => {
  const config = loadConfig(inject('stackEnv'), ['database', 'objectStore', 'mlflow']);
  const mlflow = createMlflowClient(config.mlflow);
  let cleanPool: Pool;
  let deps: DriftDeps;
  const metrics = createFunctionMetrics('drift');

  const insert = (n: number, size: number, scale: number, states: string[], id = batchId(n), duplicates = 0) =>
    insertCleanBatch(cleanPool, {
      summary: { batch_id: id, dataset: 'realtor', rows_in: size + duplicates, rows_clean: size, rows_rejected: 0, rows_duplicate: duplicates },
      rows: rows(size, Number(id.split('-d')[1]), scale, states),
      rejects: [],
      duplicates: [],
      profile: {},
    });

  beforeAll(async () => {
    cleanPool = createPool(config.database.cleanUrl);
    await cleanPool.query('DELETE FROM clean_batches WHERE batch_id LIKE $1', [`realtor-g${GROUP}-%`]);
    await cleanPool.query('DELETE FROM drift_reports WHERE batch_id LIKE $1', [`realtor-g${GROUP}-%`]);
    deps = { cleanPool, mlflow, log: silent, modelName: () => NAME, decisions: createDecisionMetrics(metrics.registry, ['realtor'], ['train', 'skip']) };
    // 1,200 train rows: above Evidently's 1,000, so numeric columns get the normed Wasserstein distance.
    await insert(0, 2000, 1, ['Ohio', 'Texas', 'Maine']);
    await insert(1, 600, 1, ['Ohio', 'Texas', 'Maine']);
    await insert(2, 600, 3, ['Alaska', 'Guam']);
  });
  afterAll(async () => {
    await fetch(`${config.mlflow.trackingUri}/api/2.0/mlflow/registered-models/delete`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: NAME }),
    });
    await cleanPool.query('DELETE FROM clean_batches WHERE batch_id LIKE $1', [`realtor-g${GROUP}-%`]);
    await cleanPool.query('DELETE FROM drift_reports WHERE batch_id LIKE $1', [`realtor-g${GROUP}-%`]);
    await cleanPool.query('DELETE FROM decisions WHERE model_name = $1', [NAME]);
    await cleanPool.query('DELETE FROM production_history WHERE model_name = $1', [NAME]);
    await cleanPool.end();
  });

  it('trains the baseline when no model is in production', async () => {
    const answer = await evaluateDrift(deps, { dataset: 'realtor', batch_id: batchId(0) });
    expect(answer).toMatchObject({ status: 'evaluated', deliveries: [batchId(0)], retrain: true, reasons: [`no model is in production yet: batch ${batchId(0)} trains the baseline`] });
    // The baseline goes to production, as the pipeline does next.
    const trained = await trainBatch(
      { cleanPool, store: createS3ObjectStore(config.objectStore), bucket: config.objectStore.bucket, mlflow, log: silent, modelName: () => NAME, leaseWaitMs: 60_000 },
      { dataset: 'realtor', batch_id: batchId(0), reasons: answer.reasons },
    );
    expect((await promoteVersion({ cleanPool, mlflow, log: silent, modelName: () => NAME, leaseWaitMs: 60_000 }, { dataset: 'realtor', version: trained.version })).promoted).toBe(true);
  });

  it('skips a batch like the training data, and says why', async () => {
    const answer = await evaluateDrift(deps, { dataset: 'realtor', batch_id: batchId(1) });
    expect(answer.retrain).toBe(false);
    expect(answer.reasons[0]).toMatch(/^the target is stable: price \(target\): Wasserstein distance \/ reference std = [\d.]+ < threshold 0.1$/);
    expect(answer.report.reference).toMatchObject({ batch_id: batchId(0), rows: 1200 });
    expect(answer.report.columns.map((c) => c.column)).toEqual(['status', 'price', 'bed', 'bath', 'acre_lot', 'city', 'state', 'zip_code', 'house_size', 'prev_sold_date']);
  });

  it('retrains a batch that moved, naming the columns, statistics, values and thresholds', async () => {
    const answer = await evaluateDrift(deps, { dataset: 'realtor', batch_id: batchId(2) });
    expect(answer.retrain).toBe(true);
    const text = answer.reasons.join('\n');
    expect(text).toMatch(/the target drifted: price \(target\): Wasserstein distance \/ reference std = [\d.]+ >= threshold 0.1/);
    expect(text).toMatch(/state: 100.0% of the batch has categories the model never saw \("Alaska", "Guam"\), above 5.0%/);
    const state = answer.report.columns.find((c) => c.column === 'state');
    expect(state).toMatchObject({ test: 'Jensen-Shannon distance', drifted: true });
  });

  it('answers a batch it evaluated from what it stored, and records one decision per batch', async () => {
    const first = await evaluateDrift(deps, { dataset: 'realtor', batch_id: batchId(2) });
    expect(first.status).toBe('already_evaluated');
    const decisions = (await listDecisions(cleanPool, 'realtor')).filter((d) => d.model_name === NAME && ['train', 'skip'].includes(d.kind));
    expect(decisions.map((d) => [d.batch_id, d.kind])).toEqual([
      [batchId(0), 'train'],
      [batchId(1), 'skip'],
      [batchId(2), 'train'],
    ]);
    // The metric counts decisions as recorded: the retry above added none.
    const counted = await metrics.registry.getSingleMetricAsString('pipeline_decisions_total');
    expect(counted).toContain('pipeline_decisions_total{dataset="realtor",kind="train",function="drift"} 2');
    expect(counted).toContain('pipeline_decisions_total{dataset="realtor",kind="skip",function="drift"} 1');
  });

  it('skips deliveries that added no new row, saying so', async () => {
    // A sample of batch 3 whose every row repeats rows CLEAN holds (an overlapping sample).
    await insert(3, 0, 1, ['Ohio'], batchId(3, 4), 40);
    const answer = await evaluateDrift(deps, { dataset: 'realtor', batch_id: batchId(3, 4) });
    expect(answer).toMatchObject({ status: 'evaluated', deliveries: [batchId(3, 4)], retrain: false });
    expect(answer.reasons).toEqual([`delivery ${batchId(3, 4)} added no new rows: of 40 rows received, 40 repeat rows CLEAN already holds and 0 were rejected`]);
  });

  it('decides once for every delivery no decision covered yet, and answers any of them with that decision', async () => {
    // Two more samples of batch 3, collected by one DAG run; the decision is asked for the last.
    await insert(3, 300, 1, ['Ohio', 'Texas', 'Maine'], batchId(3, 5));
    await insert(3, 300, 1, ['Ohio', 'Texas', 'Maine'], batchId(3, 6));
    const answer = await evaluateDrift(deps, { dataset: 'realtor', batch_id: batchId(3, 6) });
    expect(answer).toMatchObject({ status: 'evaluated', batch_id: batchId(3, 6), deliveries: [batchId(3, 5), batchId(3, 6)], retrain: false });
    expect(answer.report.current.rows).toBe(600);
    expect(await evaluateDrift(deps, { dataset: 'realtor', batch_id: batchId(3, 5) })).toEqual({ ...answer, status: 'already_evaluated' });
    const decision = (await listDecisions(cleanPool, 'realtor')).find((d) => d.model_name === NAME && d.batch_id === batchId(3, 6));
    expect(decision).toMatchObject({ kind: 'skip', details: { deliveries: [batchId(3, 5), batchId(3, 6)] } });
  });

  it('never lets two decisions asked at once cover the same delivery', async () => {
    await insert(4, 200, 1, ['Ohio', 'Texas', 'Maine'], batchId(4, 7));
    await insert(4, 200, 1, ['Ohio', 'Texas', 'Maine'], batchId(4, 8));
    const answers = await Promise.all([evaluateDrift(deps, { dataset: 'realtor', batch_id: batchId(4, 8) }), evaluateDrift(deps, { dataset: 'realtor', batch_id: batchId(4, 7) })]);
    const covered = answers.filter((a) => a.status === 'evaluated').flatMap((a) => a.deliveries);
    expect(covered.sort()).toEqual([batchId(4, 7), batchId(4, 8)]);
    const reports = await cleanPool.query<{ n: number }>('SELECT count(*)::int AS n FROM drift_reports WHERE $1 = ANY(deliveries)', [batchId(4, 7)]);
    expect(reports.rows[0]?.n).toBe(1);
  });

  it('refuses a batch CLEAN does not have', async () => {
    await expect(evaluateDrift(deps, { dataset: 'realtor', batch_id: batchId(9) })).rejects.toMatchObject({ code: 'not_found' });
  });
});
