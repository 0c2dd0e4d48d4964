import { compareRequest, explainRequest, importanceRequest } from '@tabular-ct/core';
import { concurrencyLimit, validatedRoute, type RouteTable } from '@tabular-ct/platform';
import type { ExplainService } from './explain-service.ts';

// Importance and compare explain up to 2,000 rows each (seconds of CPU): two at once keep a
// one-CPU replica answering single explanations; more get a 429 and come back.
const EXPENSIVE_AT_ONCE = 2;
const RETRY_AFTER_SECONDS = 5;

/** The explain function's HTTP surface, open to the web UI: parse, explain, render. */
export function explainRoutes(service: ExplainService): RouteTable {
  const expensive = concurrencyLimit(EXPENSIVE_AT_ONCE, RETRY_AFTER_SECONDS);
  return {
    'POST /explain': validatedRoute(explainRequest, 'explain request', (input) => service.explain(input)),
    'POST /importance': expensive(validatedRoute(importanceRequest, 'importance request', (input) => service.importance(input))),
    'POST /compare': expensive(validatedRoute(compareRequest, 'compare request', (input) => service.compare(input))),
  };
}
