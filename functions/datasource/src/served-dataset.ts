import type { BatchPlan, DatasetName } from '@tabular-ct/core';
import type { Log } from '@tabular-ct/platform';
import type { BatchLayout } from './plan/batch-layout.ts';
import { evaluatePlan } from './plan/evaluate-plan.ts';
import { readGzipCsvTable } from './table/read-table.ts';
import { rowJsonWriter } from './table/row-json.ts';

/** A dataset file read and cut by its plan, ready to serve. */
export interface ServedDataset {
  layout: BatchLayout;
  writeRow: (row: number) => string;
}

/**
 * Reads and cuts the file at the first request that needs it, once per process; calls
 * made while it loads share the one read. A failed read is retried by the next request.
 */
export function lazyServedDataset(dataset: DatasetName, file: string, plan: BatchPlan, log: Log): () => Promise<ServedDataset> {
  let loading: Promise<ServedDataset> | undefined;
  const load = async (): Promise<ServedDataset> => {
    const started = Date.now();
    const table = await readGzipCsvTable(file);
    const layout = evaluatePlan(plan, table);
    log({
      level: 'info',
      fn: 'datasource',
      msg: `read ${dataset} (${table.rowCount} rows) in ${Date.now() - started} ms`,
      batches: layout.batches.map((rows, n) => `${n}: ${rows.length} ${layout.labels[n] ?? ''}`),
      notes: layout.notes,
    });
    return { layout, writeRow: rowJsonWriter(table) };
  };
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
