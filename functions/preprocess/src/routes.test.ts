import { createPool, testServer, type RunningServer } from '@tabular-ct/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preprocessRoutes } from './routes.ts';

const TOKEN = 'pipeline-token-for-tests-only-0123456789';

/** Bad input never reaches storage: these requests are refused before any I/O (the pools point nowhere). */
describe('POST /preprocess with bad input', () => {
  let running: RunningServer;
  const pool = createPool('postgresql://u:p@127.0.0.1:9/none', { connectTimeoutMs: 500 });

  beforeAll(async () => {
    const routes = preprocessRoutes({ rawPool: pool, cleanPool: pool, log: () => undefined }, [TOKEN]);
    running = await testServer(routes, { name: 'preprocess' });
  });
  afterAll(async () => {
    await running.close();
    await pool.end();
  });

  const post = (body: string, token = TOKEN) =>
    fetch(`${running.url}/preprocess`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });

  it.each([
    ['malformed JSON', '{"dataset":', 'JSON'],
    ['a missing batch_id', JSON.stringify({ dataset: 'realtor' }), 'batch_id'],
    ['a batch_id of the wrong form', JSON.stringify({ dataset: 'realtor', batch_id: "x'; DROP TABLE raw_rows; --" }), 'batch_id'],
    ['a wrong type', JSON.stringify({ dataset: 'realtor', batch_id: 7 }), 'batch_id'],
    ['an unknown dataset', JSON.stringify({ dataset: 'iris', batch_id: 'iris-g1-b0-d1' }), 'dataset'],
    ['an extra field', JSON.stringify({ dataset: 'realtor', batch_id: 'realtor-g1-b0-d1', force: true }), 'force'],
    ['a batch of another dataset', JSON.stringify({ dataset: 'realtor', batch_id: 'diabetes-g1-b0-d1' }), 'batch_id'],
    ['an enormous string', JSON.stringify({ dataset: 'realtor', batch_id: 'r'.repeat(1_000_000) }), 'batch_id'],
  ])('answers %s with a 400 naming it', async (_what, body, named) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { error: { code: string; message: string } };
    expect(answer.error.code).toBe('invalid_request');
    expect(answer.error.message).toContain(named);
  });

  it('answers an unreachable database with 503, not 500', async () => {
    const res = await post(JSON.stringify({ dataset: 'realtor', batch_id: 'realtor-g1-b0-d1' }));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'upstream_unavailable' } });
  });

  it('answers a request without the pipeline\'s token 401, before anything else', async () => {
    const res = await post('{"dataset":', 'not-the-token-but-long-enough-0123456789');
    expect(res.status).toBe(401);
  });
});
