import { createDiskObjectStore, createPool, testServer, type RunningServer } from '@tabular-ct/platform';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRoutes } from './routes.ts';

const TOKEN = 'pipeline-token-for-tests-only-0123456789';

/** Bad input never reaches storage: these requests are refused before any I/O (the pool points nowhere). */
describe('POST /collect with bad input', () => {
  let running: RunningServer;
  const pool = createPool('postgresql://u:p@127.0.0.1:9/none', { connectTimeoutMs: 500 });

  beforeAll(async () => {
    const routes = collectRoutes({
      rawPool: pool,
      store: createDiskObjectStore(os.tmpdir()),
      dataApi: { timeoutMs: 100, attempts: 1, backoffMs: 1, allowedUrls: ['http://127.0.0.1:9'] },
      log: () => undefined,
    }, [TOKEN]);
    running = await testServer(routes, { name: 'collect' });
  });
  afterAll(async () => {
    await running.close();
    await pool.end();
  });

  const post = (body: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
    fetch(`${running.url}/collect`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const valid = { dataset: 'realtor', source_url: 'http://127.0.0.1:9', group_number: 1 };

  it.each([
    ['malformed JSON', '{"dataset": "realtor",', '(body)'],
    ['an empty body', '', '(root)'],
    ['an array', '[]', 'dataset'],
    ['a wrong type', JSON.stringify({ ...valid, group_number: '1' }), 'group_number'],
    ['a fractional group', JSON.stringify({ ...valid, group_number: 1.5 }), 'group_number'],
    ['an unknown dataset', JSON.stringify({ ...valid, dataset: 'titanic' }), 'dataset'],
    ['a missing field', JSON.stringify({ dataset: 'realtor', group_number: 1 }), 'source_url'],
    ['an extra field', JSON.stringify({ ...valid, force: true }), 'force'],
    ['an invalid day', JSON.stringify({ ...valid, day: 'Funday' }), 'day'],
    ['a day in lowercase', JSON.stringify({ ...valid, day: 'monday' }), 'day'],
    ['no calls', JSON.stringify({ ...valid, calls: 0 }), 'calls'],
    ['too many calls', JSON.stringify({ ...valid, calls: 21 }), 'calls'],
    ['fractional calls', JSON.stringify({ ...valid, calls: 1.5 }), 'calls'],
    ['an enormous string', JSON.stringify({ ...valid, source_url: `http://x/${'a'.repeat(1_000_000)}`, dataset: 'x'.repeat(100_000) }), 'dataset'],
  ])('answers %s with a 400 naming the field', async (_what, body, field) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { error: { code: string; message: string } };
    expect(answer.error.code).toBe('invalid_request');
    if (field !== '(body)') expect(answer.error.message).toContain(field);
  });

  it.each([
    ['no token', {}],
    ['another token', { authorization: `Bearer ${TOKEN}x` }],
    ['a token in basic auth', { authorization: `Basic ${TOKEN}` }],
  ])('answers a request with %s 401, before reading it', async (_what, headers) => {
    const res = await post(JSON.stringify(valid), headers);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('answers a body a page on another site could send without a preflight (text/plain) 415', async () => {
    const res = await fetch(`${running.url}/collect`, { method: 'POST', headers: { 'content-type': 'text/plain', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(valid) });
    expect(res.status).toBe(415);
  });

  it.each(['http://169.254.169.254/latest/meta-data', 'http://127.0.0.1:9@evil.example', 'http://127.0.0.1:10'])('refuses to read %s, a data API it is not allowed, with 403', async (source) => {
    const res = await post(JSON.stringify({ ...valid, source_url: source }));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'forbidden', details: { field: 'source_url' } } });
  });
});
