import { promoteRequest } from '@tabular-ct/core';
import { bearerRoute, validatedRoute, type RouteTable } from '@tabular-ct/platform';
import { promoteVersion, type PromoteDeps } from './promote-version.ts';

/** The promote function's HTTP surface, for the pipeline's token only: parse, decide, render. */
export function promoteRoutes(deps: PromoteDeps, tokens: readonly string[]): RouteTable {
  return {
    'POST /promote': bearerRoute(tokens, validatedRoute(promoteRequest, 'promote request', (input) => promoteVersion(deps, input))),
  };
}
