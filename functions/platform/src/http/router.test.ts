import { AppError } from '@tabular-ct/core';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from './serve.ts';
import { testServer } from './test-server.ts';

// The one origin allowed to call the test router from a browser page.
const UI = 'http://ui.test:8120';

describe('the router of every function', () => {
  const logged: Record<string, unknown>[] = [];
  let running: RunningServer;
  const url = (path: string): string => `${running.url}${path}`;
  const post = (path: string, body: string, type = 'application/json'): Promise<Response> =>
    fetch(url(path), { method: 'POST', headers: { 'content-type': type }, body });

  beforeAll(async () => {
    const log = (entry: Record<string, unknown>): void => void logged.push(entry);
    running = await testServer(
      {
        'POST /echo': async (req) => ({ status: 200, body: { got: req.body, q: req.query.q } }),
        'GET /missing': async () => {
          throw new AppError('not_found', 'batch b-9 does not exist', { batch_id: 'b-9' });
        },
        'GET /hello': async () => ({ status: 200, body: { hello: 'ui' }, headers: { 'x-model-name': 'm', 'x-model-version': '3' } }),
        'GET /bug': async () => {
          throw new TypeError('secret internals');
        },
        'GET /stream': async () => ({
          status: 200,
          body: Readable.from(['[', '1,', '2', ']']),
          headers: { 'content-type': 'application/json' },
        }),
      },
      { name: 'router-test', log, maxBodyBytes: 1024, corsOrigins: [UI] },
    );
  });
  afterAll(() => running.close());

  it('hands the parsed JSON body and the query to the route and renders its reply as JSON', async () => {
    const res = await post('/echo?q=1', '{"a":[1,2]}');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ got: { a: [1, 2] }, q: '1' });
  });

  it('routes a path as URL parsing reads it, plain or not: dot segments resolved, a trailing slash ignored', async () => {
    // Raw request targets: fetch would normalize them before they reach the server.
    const status = (target: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(url(''), { path: target }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject).end();
      });
    expect(await status('/hello/')).toBe(200);
    expect(await status('/x/../hello?q=1')).toBe(200);
    expect(await status('/x/../hello')).toBe(200);
    expect(await status('/x/%2E%2E/hello')).toBe(200);
    expect(await status('/x/hello')).toBe(404);
  });

  it('hands text bodies (CSV) to the route as a string', async () => {
    expect(await (await post('/echo', 'a,b\n1,2\n', 'text/csv')).json()).toEqual({ got: 'a,b\n1,2\n' });
  });

  it('answers malformed JSON with a 400 in the error format, not an HTML page', async () => {
    const res = await post('/echo', '{"a":');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_request', message: expect.stringMatching(/not valid JSON/) } });
  });

  it('answers an oversized body with 413 and an unreadable content type with 415', async () => {
    expect((await post('/echo', JSON.stringify({ s: 'x'.repeat(2000) }))).status).toBe(413);
    const res = await post('/echo', 'abc', 'application/x-protobuf');
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
  });

  it('renders an AppError with its status and {error: {code, message, details}}', async () => {
    const res = await fetch(url('/missing'));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'batch b-9 does not exist', details: { batch_id: 'b-9' } } });
  });

  it('answers an unknown error with a plain 500 and logs it with its context', async () => {
    const res = await fetch(url('/bug'));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'internal', message: 'internal error' } });
    expect(logged.at(-1)).toMatchObject({ level: 'error', fn: 'router-test', route: 'GET /bug', msg: 'secret internals' });
  });

  it('names the allowed methods for a known path (405) and 404s an unknown one', async () => {
    const wrongMethod = await fetch(url('/echo'));
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.json()).toMatchObject({ error: { code: 'method_not_allowed', details: { allowed: ['POST'] } } });
    expect((await fetch(url('/nope'))).status).toBe(404);
  });

  it('streams a reply body as it is produced', async () => {
    expect(await (await fetch(url('/stream'))).json()).toEqual([1, 2]);
  });

  it('exports request metrics on /metrics in the Prometheus text format', async () => {
    const res = await fetch(url('/metrics'));
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    // Label order is prom-client's business: find the sample by name and label set.
    const sample = (name: string, labels: Record<string, string>): string | undefined =>
      text
        .split('\n')
        .find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)))
        ?.split(' ')
        .at(-1);
    expect(sample('http_requests_total', { route: 'POST /echo', status: '200', function: 'router-test' })).toBe('2');
    expect(sample('http_request_duration_seconds_count', { route: 'GET /missing', status: '404' })).toBe('1');
  });

  it('answers a preflight from an allowed origin with the methods of the path and content-type', async () => {
    const res = await fetch(url('/echo'), { method: 'OPTIONS', headers: { origin: UI, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(UI);
    expect(res.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(res.headers.get('vary')).toBe('Origin');
  });

  it('lets an allowed page read answers, errors and the model headers', async () => {
    const res = await fetch(url('/hello'), { headers: { origin: UI } });
    expect(res.headers.get('access-control-allow-origin')).toBe(UI);
    expect(res.headers.get('access-control-expose-headers')).toBe('x-model-name, x-model-version');
    expect(await res.json()).toEqual({ hello: 'ui' });
    const error = await fetch(url('/missing'), { headers: { origin: UI } });
    expect(error.status).toBe(404);
    expect(error.headers.get('access-control-allow-origin')).toBe(UI);
  });

  it('gives another origin, or a request without one, no CORS headers', async () => {
    const other = await fetch(url('/hello'), { headers: { origin: 'http://evil.test' } });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(url('/echo'), { method: 'OPTIONS', headers: { origin: 'http://evil.test', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    expect((await fetch(url('/hello'))).headers.get('access-control-allow-origin')).toBeNull();
  });
});
