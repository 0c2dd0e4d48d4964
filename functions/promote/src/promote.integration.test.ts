import { insertCleanBatch, createMlflowClient, createPool, createS3ObjectStore, loadConfig, productionHistory, listDecisions, type Pool } from '@tabular-ct/platform';
import { LINEAGE_TAGS } from '@tabular-ct/core';
import { exportModelArtifacts, train as trainGbdt } from '@tabular-ct/ml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { trainBatch, type TrainDeps } from '../../train/src/train-batch.ts';
import { promoteVersion, type PromoteDeps } from './promote-version.ts';

// A registered model and a CLEAN group of their own: the test never touches what a
// pipeline serves, and removes what it made.
const NAME = `test-promote-${process.pid}`;
const GROUP = 50 + (process.pid % 10);
const batchId = (n: number): string => `realtor-g${GROUP}-b${n}-d${n + 1}`;
const silent = (): void => undefined;

/** Realtor-shaped clean rows; `signal` prices follow size and state, otherwise they are noise. */
function rows(n: number, batch: number, signal: boolean) {
  let seed = 1000 + batch;
  const rand = (): number => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
  const states = ['Ohio', 'Texas', 'Maine'];
  return Array.from({ length: n }, (_, i) => {
    const size = 500 + rand() * 3500;
    const state = states[i % 3] as string;
    const price = signal ? size * 150 * (1 + states.indexOf(state) * 0.5) * (0.9 + rand() * 0.2) : 1_000 + rand() * 2_000_000;
    const split = i % 5 === 0 ? 'test' : i % 5 === 1 ? 'validation' : 'train';
    return {
      row_index: i,
      row_key: `${NAME}-${batch}-${i}`,
      split: split as 'train' | 'validation' | 'test',
      features: { status: 'sold', bed: 1 + (i % 5), bath: 1 + (i % 3), acre_lot: 0.2, city: 'Town', state, zip_code: '00601', house_size: size, prev_sold_date: null, price },
      target: price,
    };
  });
}

describe('promote on the real stack', () => {
  const env = inject('stackEnv');
  const config = loadConfig(env, ['database', 'objectStore', 'mlflow']);
  const mlflow = createMlflowClient(config.mlflow);
  let cleanPool: Pool;
  let train: TrainDeps;
  let promote: PromoteDeps;

  const insert = (n: number, size: number, signal: boolean) =>
    insertCleanBatch(cleanPool, {
      summary: { batch_id: batchId(n), dataset: 'realtor', rows_in: size, rows_clean: size, rows_rejected: 0, rows_duplicate: 0 },
      rows: rows(size, n, signal),
      rejects: [],
      duplicates: [],
      profile: {},
    });
  const rest = (method: string, endpoint: string, body: unknown) =>
    fetch(`${config.mlflow.trackingUri}/api/2.0/mlflow/${endpoint}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const alias = async () => (await mlflow.registry.findVersionByAlias(NAME, 'production'))?.version;
  const tagsOf = async (version: string) => Object.fromEntries(((await mlflow.registry.getModelVersion(NAME, version)).tags ?? []).map((t) => [t.key, t.value]));

  beforeAll(async () => {
    cleanPool = createPool(config.database.cleanUrl);
    await cleanPool.query('DELETE FROM clean_batches WHERE batch_id LIKE $1', [`realtor-g${GROUP}-%`]);
    train = { cleanPool, store: createS3ObjectStore(config.objectStore), bucket: config.objectStore.bucket, mlflow, log: silent, modelName: () => NAME, leaseWaitMs: 60_000 };
    promote = { cleanPool, mlflow, log: silent, modelName: () => NAME, leaseWaitMs: 60_000 };
    await insert(0, 400, true);
    await insert(1, 400, false);
  });
  afterAll(async () => {
    await rest('DELETE', 'registered-models/delete', { name: NAME });
    await cleanPool.query('DELETE FROM clean_batches WHERE batch_id LIKE $1', [`realtor-g${GROUP}-%`]);
    await cleanPool.query('DELETE FROM decisions WHERE model_name = $1', [NAME]);
    await cleanPool.query('DELETE FROM production_history WHERE model_name = $1', [NAME]);
    await cleanPool.end();
  });

  it('promotes the first version, tags the decision on it and opens its production period', async () => {
    const v1 = await trainBatch(train, { dataset: 'realtor', batch_id: batchId(0), reasons: ['baseline'] });
    const answer = await promoteVersion(promote, { dataset: 'realtor', version: v1.version });
    expect(answer).toMatchObject({ status: 'decided', promoted: true, reason: 'no model is in production: the first version becomes the champion', metric: 'rmse_log1p' });
    expect(await alias()).toBe(v1.version);
    expect(await tagsOf(v1.version)).toMatchObject({ 'promotion.decision': 'promoted', 'promotion.metric': 'rmse_log1p' });
    expect((await productionHistory(cleanPool, NAME)).map((p) => [p.model_version, p.until])).toEqual([[v1.version, null]]);
  });

  it('rejects a challenger that is no better, on the same held-out rows, and records why', async () => {
    // The same logged model registered again: identical predictions, a difference of exactly zero.
    const champion = await mlflow.registry.getModelVersion(NAME, (await alias()) as string);
    const source = champion.source ?? '';
    const twin = await mlflow.registry.createModelVersion({
      name: NAME,
      source,
      runId: champion.run_id ?? '',
      modelId: source.replace(/^models:\//, ''),
      tags: [{ key: 'batch_id', value: batchId(1) }],
    });
    const answer = await promoteVersion(promote, { dataset: 'realtor', version: twin.version });
    expect(answer).toMatchObject({ status: 'decided', promoted: false, champion_version: champion.version, difference: { estimate: 0, lower: 0, upper: 0 } });
    expect(answer.heldout_rows).toBe(160); // the test rows of batches 0 and 1
    expect(answer.reason).toMatch(/^not better beyond resampling noise: rmse_log1p/);
    expect(await alias()).toBe(champion.version);
    expect(await tagsOf(twin.version)).toMatchObject({ 'promotion.decision': 'rejected', 'promotion.champion_version': champion.version, 'promotion.reason': answer.reason });
    const decisions = await listDecisions(cleanPool, 'realtor');
    expect(decisions.filter((d) => d.model_name === NAME).map((d) => [d.kind, d.model_version])).toEqual([
      ['promote', champion.version],
      ['reject', twin.version],
    ]);

    // Deciding again changes nothing and answers from the version's tags.
    const again = await promoteVersion(promote, { dataset: 'realtor', version: twin.version });
    expect(again).toEqual({ ...answer, status: 'already_decided' });
    expect(await alias()).toBe(champion.version);
    expect(await productionHistory(cleanPool, NAME)).toHaveLength(1);
  });

  it('keeps the alias on the version the history names as current', async () => {
    const v2 = await trainBatch(train, { dataset: 'realtor', batch_id: batchId(1), reasons: ['the target drifted'] });
    const answer = await promoteVersion(promote, { dataset: 'realtor', version: v2.version });
    const history = await productionHistory(cleanPool, NAME);
    expect(history.filter((p) => p.until === null).map((p) => p.model_version)).toEqual([await alias()]);
    expect(await alias()).toBe(answer.promoted ? v2.version : answer.champion_version);
  });

  it('answers a bundle that does not fit the dataset with an upstream error naming the field, and moves nothing', async () => {
    const before = await alias();
    const data = { features: [{ name: 'colour', kind: 'numeric' as const }], columns: [Float64Array.from({ length: 50 }, (_, i) => i)] };
    const { model } = trainGbdt({ data, label: Float64Array.from({ length: 50 }, (_, i) => 2 * i) }, { objective: 'regression', numIterations: 2, numLeaves: 4, minDataInLeaf: 5 });
    const experimentId = await mlflow.experiments.getOrCreate(NAME);
    const logged = await mlflow.loggedModels.create({ experimentId, name: 'model' });
    const files = exportModelArtifacts(model, { createdAt: new Date().toISOString(), modelUuid: 'c'.repeat(32) }, { dataset: 'realtor' });
    for (const [file, body] of Object.entries(files)) await mlflow.loggedModels.uploadFile(logged, file, typeof body === 'string' ? body : Buffer.from(body));
    await mlflow.loggedModels.finalize(logged.info.model_id);
    const { version } = await mlflow.registry.createModelVersion({ name: NAME, source: `models:/${logged.info.model_id}`, modelId: logged.info.model_id, tags: [{ key: LINEAGE_TAGS.batchId, value: batchId(1) }] });
    await expect(promoteVersion(promote, { dataset: 'realtor', version })).rejects.toMatchObject({
      code: 'upstream_error',
      message: expect.stringContaining('feature_spec.json: features[0] is colour, which realtor does not have'),
    });
    expect(await alias()).toBe(before);
  });

  it('refuses a version that does not exist', async () => {
    await expect(promoteVersion(promote, { dataset: 'realtor', version: '999' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
