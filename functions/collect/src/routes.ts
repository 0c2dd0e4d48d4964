import { collectRequest } from '@tabular-ct/core';
import { validatedRoute, type RouteTable } from '@tabular-ct/platform';
import { collectBatch, type CollectDeps } from './collect-batch.ts';

/** The collect function's HTTP surface: parse, collect, render. */
export function collectRoutes(deps: CollectDeps): RouteTable {
  return {
    'POST /collect': validatedRoute(collectRequest, 'collect request', (input) => collectBatch(deps, input)),
    'GET /health': async () => ({ status: 200, body: { status: 'ok' } }),
  };
}
