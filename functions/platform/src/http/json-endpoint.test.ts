import { http } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { AppError } from '@tabular-ct/core';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunctionMetrics } from '../metrics/function-metrics.ts';
import { jsonEndpoint } from './json-endpoint.ts';

describe('jsonEndpoint', () => {
  const logged: Record<string, unknown>[] = [];
  let server: Server;
  let base: string;

  beforeAll(async () => {
    http(
      'json-endpoint-test',
      jsonEndpoint(
        'json-endpoint-test',
        {
          'POST /echo': async (req) => ({ status: 200, body: { got: req.body, q: req.query.q } }),
          'GET /missing': async () => {
            throw new AppError('not_found', 'batch b-9 does not exist', { batch_id: 'b-9' });
          },
          'GET /bug': async () => {
            throw new TypeError('secret internals');
          },
        },
        createFunctionMetrics('json-endpoint-test'),
        (entry) => logged.push(entry),
      ),
    );
    server = getTestServer('json-endpoint-test');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('hands the parsed body and query to the route and renders its reply as JSON', async () => {
    const res = await fetch(`${base}/echo?q=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":[1,2]}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ got: { a: [1, 2] }, q: '1' });
  });

  it('renders an AppError with its status and {error: {code, message, details}}', async () => {
    const res = await fetch(`${base}/missing`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'batch b-9 does not exist', details: { batch_id: 'b-9' } } });
  });

  it('answers an unknown error with a plain 500 and logs it with its context', async () => {
    const res = await fetch(`${base}/bug`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'internal', message: 'internal error' } });
    expect(logged.at(-1)).toMatchObject({ level: 'error', fn: 'json-endpoint-test', route: 'GET /bug', msg: 'secret internals' });
  });

  it('names the allowed methods for a known path and 404s an unknown one', async () => {
    const wrongMethod = await fetch(`${base}/echo`);
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.json()).toMatchObject({ error: { code: 'method_not_allowed', details: { allowed: ['POST'] } } });
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it('exports request metrics on /metrics in the Prometheus text format', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    // Label order is prom-client's business: find the sample by name and label set.
    const sample = (name: string, labels: Record<string, string>): string | undefined =>
      text
        .split('\n')
        .find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)))
        ?.split(' ')
        .at(-1);
    expect(sample('http_requests_total', { route: 'POST /echo', status: '200', function: 'json-endpoint-test' })).toBe('1');
    expect(sample('http_request_duration_seconds_count', { route: 'GET /missing', status: '404' })).toBe('1');
  });
});
