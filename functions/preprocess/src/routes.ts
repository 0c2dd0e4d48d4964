import { preprocessRequest } from '@tabular-ct/core';
import { bearerRoute, validatedRoute, type RouteTable } from '@tabular-ct/platform';
import { preprocessBatch, type PreprocessDeps } from './preprocess-batch.ts';

/** The preprocess function's HTTP surface, for the pipeline's token only: parse, process, render. */
export function preprocessRoutes(deps: PreprocessDeps, tokens: readonly string[]): RouteTable {
  return {
    'POST /preprocess': bearerRoute(tokens, validatedRoute(preprocessRequest, 'preprocess request', (input) => preprocessBatch(deps, input))),
  };
}
