import { compareRequest, explainRequest, importanceRequest } from '@tabular-ct/core';
import { validatedRoute, type RouteTable } from '@tabular-ct/platform';
import type { ExplainService } from './explain-service.ts';

/** The explain function's HTTP surface: parse, explain, render. */
export function explainRoutes(service: ExplainService): RouteTable {
  return {
    'POST /explain': validatedRoute(explainRequest, 'explain request', (input) => service.explain(input)),
    'POST /importance': validatedRoute(importanceRequest, 'importance request', (input) => service.importance(input)),
    'POST /compare': validatedRoute(compareRequest, 'compare request', (input) => service.compare(input)),
    'GET /health': async () => ({ status: 200, body: { status: 'ok' } }),
  };
}
