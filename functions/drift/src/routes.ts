import { driftRequest } from '@tabular-ct/core';
import { bearerRoute, validatedRoute, type RouteTable } from '@tabular-ct/platform';
import { evaluateDrift, type DriftDeps } from './evaluate-drift.ts';

/** The drift function's HTTP surface, for the pipeline's token only: parse, evaluate, render. */
export function driftRoutes(deps: DriftDeps, tokens: readonly string[]): RouteTable {
  return {
    'POST /drift': bearerRoute(tokens, validatedRoute(driftRequest, 'drift request', (input) => evaluateDrift(deps, input))),
  };
}
