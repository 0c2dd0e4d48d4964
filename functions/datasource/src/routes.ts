import {
  dataQuery,
  EXHAUSTED_DETAIL,
  GROUP_NUMBERS,
  invalidGroupDetail,
  parseCourseQuery,
  restartQuery,
  type CourseApiDetail,
  type DatasetName,
} from '@tabular-ct/core';
import type { Log, Reply, RouteTable } from '@tabular-ct/platform';
import { Readable } from 'node:stream';
import { batchJsonPieces } from './batch-json.ts';
import type { CursorStore } from './cursor-store.ts';
import type { ServedDataset } from './served-dataset.ts';

interface DatasourceDeps {
  dataset: DatasetName;
  cursors: CursorStore;
  load: () => Promise<ServedDataset>;
  log: Log;
}

// The course API is FastAPI, and collect (and every student client) reads its errors as
// FastAPI bodies: {"detail": "..."} with 400, a list of problems with 422. So expected
// refusals are answered here as ordinary replies in that shape, not thrown as AppError
// (which the router renders in our own {error: {...}} format); unexpected failures still
// throw and get the router's logged 500.
const refuse = (detail: string): Reply => ({ status: 400, body: { detail } satisfies CourseApiDetail });

const isGroup = (group: number): boolean => group >= GROUP_NUMBERS.min && group <= GROUP_NUMBERS.max;

const stream = (head: Record<string, unknown>, rows: Uint32Array, served: ServedDataset): Reply => ({
  status: 200,
  body: Readable.from(batchJsonPieces(head, rows, served.writeRow)),
  headers: { 'content-type': 'application/json' },
});

/** The course data API's routes, served from a dataset file; /metrics comes from the router. */
export function datasourceRoutes(deps: DatasourceDeps): RouteTable {
  return {
    'GET /data': async (req) => {
      const query = parseCourseQuery(dataQuery, req.query);
      if (!query.ok) return { status: 422, body: { detail: query.detail } };
      const { group_number: group, subset = 'train' } = query.value;
      if (!isGroup(group)) return refuse(invalidGroupDetail(group));
      const served = await deps.load();

      if (subset !== 'train') {
        // Validation and test are served whole on every call and move no cursor.
        const rows = served.layout.subsets[subset];
        if (!rows) return refuse(`The ${deps.dataset} dataset has no ${subset} subset: its batches are all there is.`);
        return stream({ group_number: group, batch_number: 0, subset }, rows, served);
      }
      const batch = await deps.cursors.claim(deps.dataset, group, served.layout.batches.length);
      if (batch === undefined) return refuse(EXHAUSTED_DETAIL);
      const rows = served.layout.batches[batch] as Uint32Array;
      deps.log({ level: 'info', fn: 'datasource', msg: 'batch served', dataset: deps.dataset, group_number: group, batch_number: batch, rows: rows.length });
      return stream({ group_number: group, batch_number: batch }, rows, served);
    },

    'GET /restart_data_generation': async (req) => {
      const query = parseCourseQuery(restartQuery, req.query);
      if (!query.ok) return { status: 422, body: { detail: query.detail } };
      const group = query.value.group_number;
      if (!isGroup(group)) return refuse(invalidGroupDetail(group));
      await deps.cursors.restart(deps.dataset, group);
      deps.log({ level: 'info', fn: 'datasource', msg: 'group restarted', dataset: deps.dataset, group_number: group });
      return { status: 200, body: { ok: true } };
    },

    'GET /health': async () => ({ status: 200, body: { status: 'OK' } }),
  };
}
