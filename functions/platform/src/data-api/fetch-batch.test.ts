import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchBatch } from './fetch-batch.ts';

/** A stand-in data API on loopback whose answers each test scripts: a network double, not a mock of our code. */
describe('fetchBatch', () => {
  let server: Server;
  let base: string;
  let script: Array<(res: ServerResponse) => void> = [];
  let calls: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      calls.push(req.url ?? '');
      const next = script.shift();
      if (next) next(res);
      else res.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const json = (status: number, body: unknown) => (res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const options = { timeoutMs: 500, attempts: 3, backoffMs: 10 };
  const run = (setup: typeof script) => {
    script = setup;
    calls = [];
    return fetchBatch(base, 3, 'Tuesday', options);
  };

  it('returns the batch with its exact bytes and asks for the group and day', async () => {
    const out = await run([json(200, { group_number: 3, batch_number: 0, data: [{ a: 1 }] })]);
    expect(out.kind === 'batch' && out.batch).toEqual({ group_number: 3, batch_number: 0, data: [{ a: 1 }] });
    expect(out.kind === 'batch' && out.bytes.toString()).toBe('{"group_number":3,"batch_number":0,"data":[{"a":1}]}');
    expect(calls).toEqual(['/data?group_number=3&day=Tuesday']);
  });

  it('reads the course API exhausted answer as the end of the data', async () => {
    expect(await run([json(400, { detail: 'Ya se recolectó toda la información mínima necesaria' })])).toEqual({ kind: 'exhausted' });
  });

  it('retries 5xx and network failures with backoff, then succeeds', async () => {
    const out = await run([json(503, {}), (res) => res.destroy(), json(200, { group_number: 3, batch_number: 1, data: [] })]);
    expect(out.kind).toBe('batch');
    expect(calls).toHaveLength(3);
  });

  it('never retries a 4xx, and names the detail: a refused request is the caller\'s error, another 4xx the configuration\'s', async () => {
    await expect(run([json(400, { detail: 'group_number must be 1-10' }), json(200, {})])).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/HTTP 400: "group_number must be 1-10"/),
    });
    expect(calls).toHaveLength(1);
    await expect(run([json(404, { detail: 'Not Found' })])).rejects.toMatchObject({ code: 'upstream_error', message: expect.stringMatching(/HTTP 404/) });
  });

  it('fails with upstream_unavailable after the last attempt, naming the cause', async () => {
    await expect(run([json(500, {}), json(502, {}), json(500, {})])).rejects.toMatchObject({
      code: 'upstream_unavailable',
      message: expect.stringMatching(/failed after 3 attempts/),
    });
  });

  it('times out an API that does not answer', async () => {
    await expect(run([() => undefined, () => undefined, () => undefined])).rejects.toMatchObject({
      message: expect.stringMatching(/no answer within 500 ms/),
    });
  });

  it.each([
    ['HTML', (res: ServerResponse) => res.end('<html><body>Bad gateway</body></html>'), /not JSON.*starts with "<html>/],
    ['truncated JSON', (res: ServerResponse) => res.end('{"group_number": 3, "data": [{"a"'), /not JSON/],
    ['the wrong shape', json(200, { group_number: 3, rows: [] }), /wrong shape/],
    ['rows that are not objects', json(200, { group_number: 3, batch_number: 0, data: [1, 2] }), /wrong shape/],
  ])('rejects %s as upstream_error', async (_name, answer, message) => {
    await expect(run([answer])).rejects.toMatchObject({ code: 'upstream_error', message: expect.stringMatching(message) });
  });
});
