import { trainRequest } from '@tabular-ct/core';
import { validatedRoute, type RouteTable } from '@tabular-ct/platform';
import { trainBatch, type TrainDeps } from './train-batch.ts';

/** The train function's HTTP surface: parse, train, render. */
export function trainRoutes(deps: TrainDeps): RouteTable {
  return {
    'POST /train': validatedRoute(trainRequest, 'train request', (input) => trainBatch(deps, input)),
    'GET /health': async () => ({ status: 200, body: { status: 'ok' } }),
  };
}
