import { collectRequest, parseWith } from '@tabular-ct/core';
import type { RouteTable } from '@tabular-ct/platform';
import { collectBatch, type CollectDeps } from './collect-batch.ts';

/** The collect function's HTTP surface: parse, collect, render. */
export function collectRoutes(deps: CollectDeps): RouteTable {
  return {
    'POST /collect': async (req) => {
      const parsed = parseWith(collectRequest, req.body, 'collect request');
      if (!parsed.ok) throw parsed.error;
      return { status: 200, body: await collectBatch(deps, parsed.value) };
    },
    'GET /health': async () => ({ status: 200, body: { status: 'ok' } }),
  };
}
