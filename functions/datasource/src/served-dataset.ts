import type { BatchPlan, DatasetName } from '@tabular-ct/core';
import type { Log } from '@tabular-ct/platform';
import type { BatchLayout } from './plan/batch-layout.ts';
import { evaluatePlan } from './plan/evaluate-plan.ts';
import { scaleLayout, type CourseScale } from './scale/course-scale.ts';
import { readGzipCsvTable } from './table/read-table.ts';
import { rowJsonWriter } from './table/row-json.ts';

/** A dataset file read and cut by its plan, ready to serve. */
export interface ServedDataset {
  layout: BatchLayout;
  writeRow: (row: number) => string;
  /** Set when the rows served are SYNTHETIC (course scale): what they are, for the answers' x-synthetic-data header. */
  synthetic?: string;
}

/**
 * Reads and cuts the file at the first request that needs it, once per process; calls
 * made while it loads share the one read. A failed read is retried by the next request.
 * With a course scale, the plan's batches are resampled into synthetic ones of the course
 * API's sizes; without, they are served as the plan cuts them.
 */
export function lazyServedDataset(dataset: DatasetName, file: string, plan: BatchPlan, log: Log, scale?: CourseScale): () => Promise<ServedDataset> {
  let loading: Promise<ServedDataset> | undefined;
  const load = async (): Promise<ServedDataset> => {
    const started = Date.now();
    const table = await readGzipCsvTable(file);
    const cut = evaluatePlan(plan, table);
    const scaled = scale ? scaleLayout(scale, plan, table, cut, dataset) : undefined;
    const served: ServedDataset = scaled
      ? { layout: scaled.layout, writeRow: scaled.writeRow, synthetic: scaled.label }
      : { layout: cut, writeRow: rowJsonWriter(table) };
    const { layout } = served;
    log({
      level: 'info',
      fn: 'datasource',
      msg: `read ${dataset} (${table.rowCount} rows) in ${Date.now() - started} ms`,
      ...(scaled ? { synthetic: scaled.label } : {}),
      batches: layout.batches.map((rows, n) => `${n}: ${rows.length} ${layout.labels[n] ?? ''}`),
      notes: layout.notes,
    });
    return served;
  };
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
