import { preprocessRequest } from '@tabular-ct/core';
import { validatedRoute, type RouteTable } from '@tabular-ct/platform';
import { preprocessBatch, type PreprocessDeps } from './preprocess-batch.ts';

/** The preprocess function's HTTP surface: parse, process, render. */
export function preprocessRoutes(deps: PreprocessDeps): RouteTable {
  return {
    'POST /preprocess': validatedRoute(preprocessRequest, 'preprocess request', (input) => preprocessBatch(deps, input)),
    'GET /health': async () => ({ status: 200, body: { status: 'ok' } }),
  };
}
