import { createDiskObjectStore, createMlflowClient, createPool, testServer, type RunningServer } from '@tabular-ct/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainRoutes } from './routes.ts';

const TOKEN = 'pipeline-token-for-tests-only-0123456789';

/** Bad input never reaches storage or MLflow: these requests are refused before any I/O (everything points nowhere). */
describe('POST /train with bad input', () => {
  let running: RunningServer;
  const pool = createPool('postgresql://u:p@127.0.0.1:9/none', { connectTimeoutMs: 500 });

  beforeAll(async () => {
    const routes = trainRoutes({
      cleanPool: pool,
      store: createDiskObjectStore('/nonexistent/train-routes-test'),
      bucket: 'none',
      mlflow: createMlflowClient({ trackingUri: 'http://127.0.0.1:9', timeoutMs: 500 }),
      log: () => undefined,
      modelName: (dataset) => `test-${dataset}`,
      leaseWaitMs: 0,
    }, [TOKEN]);
    running = await testServer(routes, { name: 'train' });
  });
  afterAll(async () => {
    await running.close();
    await pool.end();
  });

  const post = (body: unknown, token = TOKEN) =>
    fetch(`${running.url}/train`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const ok = { dataset: 'realtor', batch_id: 'realtor-g1-b0-d1', reasons: ['baseline: the first batch trains the first model'] };

  it.each([
    ['no reasons', { ...ok, reasons: [] }, 'reasons'],
    ['a reason that is not text', { ...ok, reasons: [3] }, 'reasons'],
    ['a batch_id of the wrong form', { ...ok, batch_id: "x'; DROP TABLE clean_rows; --" }, 'batch_id'],
    ['a batch of another dataset', { ...ok, batch_id: 'diabetes-g1-b0-d1' }, 'batch_id'],
    ['a reason PostgreSQL could not store (NUL)', { ...ok, reasons: ['fine', 'nul\u0000here'] }, 'reasons.1 contains a NUL character'],
    ['a reason with a lone surrogate', { ...ok, reasons: ['\ud800'] }, 'reasons.0 contains an unpaired UTF-16 surrogate'],
    ['an unknown dataset', { ...ok, dataset: 'iris' }, 'dataset'],
    ['an extra field', { ...ok, force: true }, 'force'],
    ['a drift report of the wrong shape', { ...ok, drift_report: { columns: 'all' } }, 'drift_report'],
  ])('answers %s with a 400 naming it', async (_what, body, named) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { error: { code: string; message: string } };
    expect(answer.error.code).toBe('invalid_request');
    expect(JSON.stringify(answer.error)).toContain(named);
  });

  it('answers an unreachable MLflow with 503, not 500', async () => {
    const res = await post(ok);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'upstream_unavailable' } });
  });

  it('answers health', async () => {
    expect((await fetch(`${running.url}/health`)).status).toBe(200);
  });

  it('answers a request without the pipeline\'s token 401, before anything else', async () => {
    expect((await post(ok, 'not-the-token-but-long-enough-0123456789')).status).toBe(401);
  });
});
