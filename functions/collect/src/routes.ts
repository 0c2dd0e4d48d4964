import { collectRequest } from '@tabular-ct/core';
import { bearerRoute, validatedRoute, type RouteTable } from '@tabular-ct/platform';
import { collectBatch, type CollectDeps } from './collect-batch.ts';

/** The collect function's HTTP surface, for the pipeline's token only: parse, collect, render. */
export function collectRoutes(deps: CollectDeps, tokens: readonly string[]): RouteTable {
  return {
    'POST /collect': bearerRoute(tokens, validatedRoute(collectRequest, 'collect request', (input) => collectBatch(deps, input))),
  };
}
