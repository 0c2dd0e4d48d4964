import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunctionMetrics, type FunctionMetrics } from '../metrics/function-metrics.ts';
import { rawExchange, rawRequest as request } from '../testing/raw-exchange.ts';
import type { RunningServer } from './serve.ts';
import { testServer } from './test-server.ts';


describe('a function answers any request it is sent, and keeps serving', () => {
  let running: RunningServer;
  let metrics: FunctionMetrics;
  let port: number;
  const logged: Record<string, unknown>[] = [];

  beforeAll(async () => {
    metrics = createFunctionMetrics('raw-test');
    const log = (entry: Record<string, unknown>): void => void logged.push(entry);
    const routes = {
      'POST /echo': async (req: { body: unknown }) => ({ status: 200, body: { got: req.body } }),
      'GET /hello': async () => ({ status: 200, body: { hello: 'world' } }),
    };
    running = await testServer(routes, { name: 'raw-test', metrics, log, maxBodyBytes: 1024 });
    port = Number(new URL(running.url).port);
  });
  afterAll(() => running.close());

  const json = '{"a":1}';
  it.each([
    ['a target of two slashes', request('GET // HTTP/1.1'), 400],
    ['a target URL parsing refuses', request('GET //a:b HTTP/1.1'), 400],
    ['an unclosed IPv6 host', request('GET //[ HTTP/1.1'), 400],
    ['an absolute form with port 99999', request('GET http://test:99999/hello HTTP/1.1'), 400],
    ['bad percent-encoding in the path', request('GET /%ff HTTP/1.1'), 404],
    ['a lone percent sign', request('GET /% HTTP/1.1'), 404],
    ['bad percent-encoding in the query', request('GET /hello?%ff=%zz HTTP/1.1'), 200],
    ['a request line that is not HTTP', 'HELLO\r\n\r\n', 400],
    ['a header of 20 KB', request('GET /hello HTTP/1.1', [`X-Big: ${'a'.repeat(20_000)}`]), 431],
    ['a query of 70 KB', request(`GET /hello?q=${'a'.repeat(70_000)} HTTP/1.1`), 431],
    ['two different content lengths', request('POST /echo HTTP/1.1', ['Content-Type: application/json', 'Content-Length: 7', 'Content-Length: 9'], json), 400],
    ['a content length and chunked encoding together', request('POST /echo HTTP/1.1', ['Content-Type: application/json', 'Content-Length: 7', 'Transfer-Encoding: chunked'], json), 400],
    ['a malformed chunk', request('POST /echo HTTP/1.1', ['Content-Type: application/json', 'Transfer-Encoding: chunked'], 'zz\r\nabc\r\n0\r\n\r\n'), 400],
    ['a body without a content type', request('POST /echo HTTP/1.1', [`Content-Length: ${json.length}`], json), 415],
    ['a plain-text body', request('POST /echo HTTP/1.1', ['Content-Type: text/plain', `Content-Length: ${json.length}`], json), 415],
    ['JSON nested 500 deep', request('POST /echo HTTP/1.1', ['Content-Type: application/json', 'Content-Length: 1000'], `${'['.repeat(500)}${']'.repeat(500)}`), 400],
    ['a body over the limit', request('POST /echo HTTP/1.1', ['Content-Type: application/json', 'Content-Length: 5000'], 'x'.repeat(5000)), 413],
    ['a duplicated content type', request('POST /echo HTTP/1.1', ['Content-Type: application/json', 'Content-Type: text/plain', `Content-Length: ${json.length}`], json), 200],
  ])('%s: answered %i in the error shape', async (_what, bytes, status) => {
    const answer = await rawExchange(port, bytes);
    expect(answer?.status).toBe(status);
    if (status >= 400) expect(JSON.parse(answer?.body ?? '')).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  it('answers a body cut short with a 400, and serves the next request', async () => {
    expect((await rawExchange(port, request('POST /echo HTTP/1.1', ['Content-Type: application/json', 'Content-Length: 100'], '{"a":')))?.status).toBe(400);
    expect((await rawExchange(port, request('GET /hello HTTP/1.1')))?.status).toBe(200);
  });

  it('never answered 5xx nor logged an internal error', async () => {
    expect(logged.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual([]);
    const counted = await metrics.registry.getSingleMetricAsString('http_requests_total');
    expect(counted.split('\n').filter((l) => /status="5\d\d"/.test(l))).toEqual([]);
    expect((await fetch(`${running.url}/hello`)).status).toBe(200);
  });
});
