import { createMlflowClient, createPool, createS3ObjectStore, insertCleanBatch, loadConfig, testServer, type Pool, type RequestListener, type RunningServer } from '@tabular-ct/platform';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPredictor } from '../../predict/src/predictor.ts';
import { webhookName } from '../../predict/src/keep-webhook.ts';
import { trainBatch, type TrainDeps } from '../../train/src/train-batch.ts';
import { promoteVersion, type PromoteDeps } from './promote-version.ts';

// Promotion reaches the predictor through MLflow's webhook, with polling switched off: MLflow
// signs each alias move and POSTs it to the predictor, which swaps at once. A model, CLEAN group
// and webhook of the test's own, removed at the end.
const NAME = `test-webhook-${process.pid}`;
const GROUP = 60 + (process.pid % 10);
const batchId = (n: number): string => `realtor-g${GROUP}-b${n}-d${n + 1}`;
const SECRET = 'webhook-secret-for-the-promotion-test-0123456789';
const silent = (): void => undefined;

function rows(n: number, batch: number) {
  return Array.from({ length: n }, (_, i) => {
    const size = 500 + ((i * 37 + batch * 11) % 3500);
    const price = size * 150 * (1 + (i % 3) * 0.5);
    return {
      row_index: i,
      row_key: `${NAME}-${batch}-${i}`,
      split: (i % 5 === 0 ? 'test' : i % 5 === 1 ? 'validation' : 'train') as 'train' | 'validation' | 'test',
      features: { status: 'sold', bed: 1 + (i % 5), bath: 1 + (i % 3), acre_lot: 0.2, city: 'Town', state: ['Ohio', 'Texas', 'Maine'][i % 3], zip_code: '00601', house_size: size, prev_sold_date: null, price },
      target: price,
    };
  });
}

/** Polls `served` every 20 ms; the milliseconds until it returned `version`, or Infinity after 10 s. */
async function msUntil(served: () => string | undefined, version: string): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < 10_000) {
    if (served() === version) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Infinity;
}

describe('the predictor follows promotions through the MLflow webhook', () => {
  const env = inject('stackEnv');
  const config = loadConfig(env, ['database', 'objectStore', 'mlflow']);
  const mlflow = createMlflowClient(config.mlflow);
  let cleanPool: Pool;
  let rawPool: Pool;
  let running: RunningServer;
  let predictor: ReturnType<typeof createPredictor>;
  const versions: string[] = [];
  const loads: string[] = [];
  // The predictor's log, shown when a swap does not come in time.
  const logged: Record<string, unknown>[] = [];
  const trail = () => logged.map((e) => `${String(e.level)}: ${String(e.msg)}`).join('\n');

  beforeAll(async () => {
    cleanPool = createPool(config.database.cleanUrl);
    rawPool = createPool(config.database.rawUrl);
    await cleanPool.query('DELETE FROM clean_batches WHERE batch_id LIKE $1', [`realtor-g${GROUP}-%`]);
    for (const n of [0, 1]) {
      await insertCleanBatch(cleanPool, {
        summary: { batch_id: batchId(n), dataset: 'realtor', rows_in: 300, rows_clean: 300, rows_rejected: 0, rows_duplicate: 0 },
        rows: rows(300, n),
        rejects: [],
        duplicates: [],
        profile: {},
      });
    }
    const train: TrainDeps = { cleanPool, store: createS3ObjectStore(config.objectStore), bucket: config.objectStore.bucket, mlflow, log: silent, modelName: () => NAME, leaseWaitMs: 60_000 };
    for (const n of [0, 1]) versions.push((await trainBatch(train, { dataset: 'realtor', batch_id: batchId(n), reasons: ['webhook test'] })).version);

    // The server first, so the predictor knows the address it gives MLflow.
    let listener: RequestListener = async (_req, res) => void res.writeHead(503).end();
    running = await testServer((req, res) => listener(req, res), { name: 'predict' });
    const log = (entry: Record<string, unknown>) => {
      logged.push(entry);
      const match = /alias production moved to version (\d+)/.exec(String(entry.msg));
      if (match) loads.push(match[1]!);
    };
    predictor = createPredictor({
      predictor: { dataset: 'realtor', modelName: NAME, alias: 'production', pollSeconds: 0, webhookUrl: `${running.url}/webhooks/mlflow`, webhookSecret: SECRET, reloadTokens: ['reload-token-for-tests-only-0123456789'], logBatchSize: 50, logFlushMs: 200, logMaxBacklog: 1000 },
      mlflow: config.mlflow,
      rawPool,
      store: createS3ObjectStore(config.objectStore),
      log,
    });
    listener = predictor.listener;
    // Nothing is in production yet: the predictor starts not ready, with its webhook in place.
    expect(await predictor.start()).toMatchObject({ status: 'no_alias' });
  });
  afterAll(async () => {
    await running?.close();
    await predictor?.shutdown();
    for (const hook of (await mlflow.webhooks.list()).filter((w) => w.name === webhookName({ name: NAME, alias: 'production' }))) await mlflow.webhooks.delete(hook.webhook_id);
    await mlflow.registry.deleteRegisteredModel(NAME);
    await cleanPool.query('DELETE FROM clean_batches WHERE batch_id LIKE $1', [`realtor-g${GROUP}-%`]);
    await cleanPool.query('DELETE FROM decisions WHERE model_name = $1', [NAME]);
    await cleanPool.query('DELETE FROM production_history WHERE model_name = $1', [NAME]);
    await cleanPool.end();
    await rawPool.end();
  });

  it('keeps one webhook for the served model and alias, pointing at the predictor', async () => {
    const hooks = (await mlflow.webhooks.list()).filter((w) => w.name === webhookName({ name: NAME, alias: 'production' }));
    expect(hooks).toMatchObject([{ url: `${running.url}/webhooks/mlflow`, status: 'ACTIVE', events: [{ entity: 'MODEL_VERSION_ALIAS', action: 'CREATED' }] }]);
  });

  it('serves the version promote put in production within 2 s, with no poll', async () => {
    const promote: PromoteDeps = { cleanPool, mlflow, log: silent, modelName: () => NAME, leaseWaitMs: 60_000 };
    expect(await promoteVersion(promote, { dataset: 'realtor', version: versions[0]! })).toMatchObject({ promoted: true });
    expect(await msUntil(() => predictor.holder.current()?.version, versions[0]!), trail()).toBeLessThan(2_000);
  });

  it('follows an alias moved by hand in MLflow too, within 2 s', async () => {
    await mlflow.registry.setAlias(NAME, 'production', versions[1]!);
    expect(await msUntil(() => predictor.holder.current()?.version, versions[1]!), trail()).toBeLessThan(2_000);
    expect(loads).toEqual([versions[0], versions[1]]);
  });

  it('answers a forged delivery 401 and changes nothing', async () => {
    const body = JSON.stringify({ entity: 'model_version_alias', action: 'created', timestamp: new Date().toISOString(), data: { name: NAME, alias: 'production', version: versions[0] } });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const forged = `v1,${createHmac('sha256', 'a-guess-at-the-secret-that-is-long-enough').update(`forged.${timestamp}.${body}`).digest('base64')}`;
    const res = await fetch(`${running.url}/webhooks/mlflow`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mlflow-delivery-id': 'forged', 'x-mlflow-timestamp': timestamp, 'x-mlflow-signature': forged },
      body,
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(predictor.holder.current()?.version).toBe(versions[1]);
    expect(loads).toEqual([versions[0], versions[1]]);
  });
});
