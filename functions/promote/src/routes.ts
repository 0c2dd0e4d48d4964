import { promoteRequest } from '@tabular-ct/core';
import { validatedRoute, type RouteTable } from '@tabular-ct/platform';
import { promoteVersion, type PromoteDeps } from './promote-version.ts';

/** The promote function's HTTP surface: parse, decide, render. */
export function promoteRoutes(deps: PromoteDeps): RouteTable {
  return {
    'POST /promote': validatedRoute(promoteRequest, 'promote request', (input) => promoteVersion(deps, input)),
    'GET /health': async () => ({ status: 200, body: { status: 'ok' } }),
  };
}
