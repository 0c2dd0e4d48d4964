import { driftRequest } from '@tabular-ct/core';
import { validatedRoute, type RouteTable } from '@tabular-ct/platform';
import { evaluateDrift, type DriftDeps } from './evaluate-drift.ts';

/** The drift function's HTTP surface: parse, evaluate, render. */
export function driftRoutes(deps: DriftDeps): RouteTable {
  return {
    'POST /drift': validatedRoute(driftRequest, 'drift request', (input) => evaluateDrift(deps, input)),
    'GET /health': async () => ({ status: 200, body: { status: 'ok' } }),
  };
}
