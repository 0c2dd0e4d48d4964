import { trainRequest } from '@tabular-ct/core';
import { bearerRoute, validatedRoute, type RouteTable } from '@tabular-ct/platform';
import { trainBatch, type TrainDeps } from './train-batch.ts';

/** The train function's HTTP surface, for the pipeline's token only: parse, train, render. */
export function trainRoutes(deps: TrainDeps, tokens: readonly string[]): RouteTable {
  return {
    'POST /train': bearerRoute(tokens, validatedRoute(trainRequest, 'train request', (input) => trainBatch(deps, input))),
  };
}
