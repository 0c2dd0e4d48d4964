import { AppError, type ErrorBody } from '@tabular-ct/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeMatcher } from './route-match.ts';
import type { Route } from './router.ts';
import type { RunningServer } from './serve.ts';
import { testServer } from './test-server.ts';

describe('routeMatcher', () => {
  const table = routeMatcher({
    'GET /v2/models/m': 'model',
    'GET /v2/models/m/versions/:version': 'versioned',
    'POST /v2/models/m/versions/:version/infer': 'infer',
    'GET /v2/models/m/versions/latest': 'latest',
  });

  it('prefers an exact route, and gives a pattern its segment values, decoded', () => {
    expect(table.find('GET', '/v2/models/m/versions/latest')).toEqual({ key: 'GET /v2/models/m/versions/latest', route: 'latest', params: {} });
    expect(table.find('GET', '/v2/models/m/versions/7')).toEqual({ key: 'GET /v2/models/m/versions/:version', route: 'versioned', params: { version: '7' } });
    expect(table.find('POST', '/v2/models/m/versions/a%20b/infer')?.params).toEqual({ version: 'a b' });
  });

  it('matches only whole segments of the declared shape', () => {
    for (const path of ['/v2/models/m/versions', '/v2/models/m/versions//infer', '/v2/models/m/versions/7/infer/x', '/v2/models/other/versions/7', '/v2/models/m/versions/%E0%A4%A']) {
      expect(table.find('GET', path), path).toBeUndefined();
      expect(table.find('POST', path), path).toBeUndefined();
    }
    // The pattern's own text is only one more value of the segment, not an exact route.
    expect(table.find('GET', '/v2/models/m/versions/:version')?.params).toEqual({ version: ':version' });
  });

  it('lists the methods a path accepts, for a 405 and a preflight', () => {
    expect(table.methods('/v2/models/m/versions/3/infer')).toEqual(['POST']);
    expect(table.methods('/v2/models/m')).toEqual(['GET']);
    expect(table.methods('/nowhere')).toEqual([]);
  });
});

describe('the router with pattern routes and another error shape', () => {
  let running: RunningServer;
  const url = (path: string): string => `${running.url}${path}`;
  const version: Route = async (req) => {
    if (req.params.version !== '2') throw new AppError('not_found', `version ${req.params.version} is not served`);
    return { status: 200, body: { version: req.params.version } };
  };

  beforeAll(async () => {
    running = await testServer(
      { 'GET /v2/models/m/versions/:version': version, 'GET /own': async () => ({ status: 200, body: {} }) },
      { name: 'pattern-test', errorBody: (path, body: ErrorBody) => (path.startsWith('/v2/') ? { error: body.error.message } : body) },
    );
  });
  afterAll(() => running.close());

  it('hands the segment to the route', async () => {
    const res = await fetch(url('/v2/models/m/versions/2'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ version: '2' });
  });

  it("renders the chosen paths' errors in their shape, the route's and the router's alike", async () => {
    const other = await fetch(url('/v2/models/m/versions/9'));
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ error: 'version 9 is not served' });
    const unknown = await fetch(url('/v2/models/x'));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'no route /v2/models/x' });
    const method = await fetch(url('/v2/models/m/versions/2'), { method: 'DELETE' });
    expect(method.status).toBe(405);
    expect(await method.json()).toEqual({ error: 'DELETE is not allowed on /v2/models/m/versions/2' });
  });

  it('keeps {error: {code, message, details}} everywhere else', async () => {
    const res = await fetch(url('/elsewhere'));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'no route /elsewhere' } });
  });

  it('labels the metrics with the pattern, not the value, so versions do not multiply series', async () => {
    await fetch(url('/v2/models/m/versions/2'));
    const metrics = await (await fetch(url('/metrics'))).text();
    expect(metrics).toContain('route="GET /v2/models/m/versions/:version"');
    expect(metrics).not.toContain('versions/2"');
  });
});
