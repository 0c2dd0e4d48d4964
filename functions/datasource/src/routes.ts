import { dataQuery, GROUP_NUMBERS, invalidGroupDetail, parseCourseQuery, restartQuery, type CourseApiDetail, type DatasetName } from '@tabular-ct/core';
import type { Log, Reply, RouteTable } from '@tabular-ct/platform';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { answerDelayMs, exhaustedDetail, restartAnswer, type ApiBehaviour } from './api-behaviour.ts';
import { batchJsonPieces } from './batch-json.ts';
import { batchDispenser } from './dispense-batch.ts';
import type { GroupStateStore } from './group-state-store.ts';
import type { ServedDataset } from './served-dataset.ts';

interface DatasourceDeps {
  dataset: DatasetName;
  api: ApiBehaviour;
  store: GroupStateStore;
  load: () => Promise<ServedDataset>;
  log: Log;
}

// The course API is FastAPI, and collect (and every student client) reads its errors as
// FastAPI bodies: {"detail": "..."} with 400, a list of problems with 422. So expected
// refusals are answered here as ordinary replies in that shape, not thrown as AppError
// (which the router renders in our own {error: {...}} format); unexpected failures still
// throw and get the router's logged 500.
const refuse = (detail: string): Reply => ({ status: 400, body: { detail } satisfies CourseApiDetail });

/** The header of every /data answer of synthetic rows (DATASOURCE_SCALE=course), saying what they are. */
export const SYNTHETIC_HEADER = 'x-synthetic-data';

const isGroup = (group: number): boolean => group >= GROUP_NUMBERS.min && group <= GROUP_NUMBERS.max;

/** The answer's fields before `data`, in the course API's order; `day` only when the call gave one. */
const answerHead = (group: number, day: string | undefined, batch: number): Record<string, unknown> =>
  day === undefined ? { group_number: group, batch_number: batch } : { group_number: group, day, batch_number: batch };

/**
 * Streams the answer after the configured delay for its size (the course API is slow on large
 * batches). Synthetic rows say so in a header: the body keeps the course API's shape.
 */
const stream = async (api: ApiBehaviour, head: Record<string, unknown>, rows: Uint32Array, served: ServedDataset): Promise<Reply> => {
  const delay = answerDelayMs(api, rows.length);
  if (delay > 0) await sleep(delay);
  return {
    status: 200,
    body: Readable.from(batchJsonPieces(head, rows, served.writeRow)),
    headers: { 'content-type': 'application/json', ...(served.synthetic === undefined ? {} : { [SYNTHETIC_HEADER]: served.synthetic }) },
  };
};

/** The course data API's routes, served from a dataset file; /metrics comes from the router. */
export function datasourceRoutes(deps: DatasourceDeps): RouteTable {
  const { api, dataset } = deps;
  const dispense = batchDispenser(dataset, api, deps.store);
  return {
    'GET /data': async (req) => {
      const query = parseCourseQuery(dataQuery, req.query);
      if (!query.ok) return { status: 422, body: { detail: query.detail } };
      const { group_number: group, day, subset = 'train' } = query.value;
      if (!isGroup(group)) return refuse(invalidGroupDetail(group));
      const served = await deps.load();

      if (subset !== 'train') {
        // Validation and test are served whole on every call, in either mode, and move no state.
        const rows = served.layout.subsets[subset];
        if (!rows) return refuse(`The ${dataset} dataset has no ${subset} subset: its batches are all there is.`);
        return stream(api, { ...answerHead(group, day, 0), subset }, rows, served);
      }
      const out = await dispense(group, served.layout.batches);
      if (out === undefined) return refuse(exhaustedDetail(api));
      deps.log({
        level: 'info',
        fn: 'datasource',
        msg: 'batch served',
        dataset,
        mode: api.mode,
        group_number: group,
        batch_number: out.batch,
        call_index: out.callIndex,
        rows: out.rows.length,
        ...(served.synthetic === undefined ? {} : { scale: 'course (synthetic rows)' }),
      });
      return stream(api, answerHead(group, day, out.batch), out.rows, served);
    },

    'GET /restart_data_generation': async (req) => {
      const query = parseCourseQuery(restartQuery, req.query);
      if (!query.ok) return { status: 422, body: { detail: query.detail } };
      const group = query.value.group_number;
      if (!isGroup(group)) return refuse(invalidGroupDetail(group));
      await deps.store.restart(dataset, group);
      deps.log({ level: 'info', fn: 'datasource', msg: 'group restarted', dataset, mode: api.mode, group_number: group });
      return { status: 200, body: restartAnswer(api) };
    },

    'GET /health': async () => ({ status: 200, body: { status: 'OK' } }),
  };
}
