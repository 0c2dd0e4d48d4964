import { parseWith, preprocessRequest } from '@tabular-ct/core';
import type { RouteTable } from '@tabular-ct/platform';
import { preprocessBatch, type PreprocessDeps } from './preprocess-batch.ts';

/** The preprocess function's HTTP surface: parse, process, render. */
export function preprocessRoutes(deps: PreprocessDeps): RouteTable {
  return {
    'POST /preprocess': async (req) => {
      const parsed = parseWith(preprocessRequest, req.body, 'preprocess request');
      if (!parsed.ok) throw parsed.error;
      return { status: 200, body: await preprocessBatch(deps, parsed.value) };
    },
    'GET /health': async () => ({ status: 200, body: { status: 'ok' } }),
  };
}
