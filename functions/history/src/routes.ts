import { historyQuery, parseOrThrow, profileQuery, type Validator } from '@tabular-ct/core';
import type { JsonRequest, RouteTable } from '@tabular-ct/platform';
import { readDriftHistory, readHistory, readProfile, type HistoryDeps } from './read-history.ts';

/** Parses the query string; a 400 names the offending parameter. */
function query<T>(schema: Validator<T>, req: JsonRequest): T {
  return parseOrThrow(schema, req.query, `${req.method} ${req.path} query`);
}

/** The history function's HTTP surface: read-only views of CLEAN and the registry for the UI. */
export function historyRoutes(deps: HistoryDeps): RouteTable {
  return {
    'GET /history': async (req) => ({ status: 200, body: await readHistory(deps, query(historyQuery, req).dataset) }),
    'GET /drift': async (req) => ({ status: 200, body: await readDriftHistory(deps, query(historyQuery, req).dataset) }),
    'GET /profile': async (req) => {
      const q = query(profileQuery, req);
      return { status: 200, body: await readProfile(deps, q.dataset, q.batch_id) };
    },
  };
}
