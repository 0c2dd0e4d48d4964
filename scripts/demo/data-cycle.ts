import type { CollectResponse, DatasetName, PreprocessResponse } from '@tabular-ct/core';
import { callFunction } from './call-function.ts';

interface CycleRow {
  batch: string;
  collect: CollectResponse['status'];
  rows: number;
  preprocess: PreprocessResponse['status'];
  clean: number;
  rejected: number;
  duplicates: number;
  splits: string;
}

/**
 * The data half of the cycle over HTTP, as Airflow will call it: restart the data API's
 * sequence, then collect and preprocess each batch until the API says it is exhausted.
 */
export async function runDataCycle(urls: { datasource: string; collect: string; preprocess: string }, dataset: DatasetName, group: number): Promise<CycleRow[]> {
  const restart = await fetch(`${urls.datasource}/restart_data_generation?group_number=${group}`);
  if (!restart.ok) throw new Error(`restart_data_generation answered ${restart.status}: ${await restart.text()}`);
  const rows: CycleRow[] = [];
  for (;;) {
    const collected = await callFunction<CollectResponse>(`${urls.collect}/collect`, { dataset, source_url: urls.datasource, group_number: group });
    if (collected.status === 'exhausted') return rows;
    const processed = await callFunction<PreprocessResponse>(`${urls.preprocess}/preprocess`, { dataset, batch_id: collected.batch_id });
    rows.push({
      batch: collected.batch_id ?? '?',
      collect: collected.status,
      rows: collected.rows ?? 0,
      preprocess: processed.status,
      clean: processed.clean,
      rejected: processed.rejected,
      duplicates: processed.duplicates,
      splits: `${processed.splits.train}/${processed.splits.validation}/${processed.splits.test}`,
    });
  }
}

/** The cycle as a table for a terminal. */
export function formatCycle(rows: readonly CycleRow[]): string {
  const header = ['batch', 'collect', 'rows', 'preprocess', 'clean', 'rejected', 'duplicates', 'train/val/test'];
  const cells = rows.map((r) => [r.batch, r.collect, String(r.rows), r.preprocess, String(r.clean), String(r.rejected), String(r.duplicates), r.splits]);
  const total = (k: 'rows' | 'clean' | 'rejected' | 'duplicates'): string => String(rows.reduce((a, r) => a + r[k], 0));
  cells.push(['total', '', total('rows'), '', total('clean'), total('rejected'), total('duplicates'), '']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]): string => c.map((v, i) => (i === 0 || i === 1 || i === 3 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), ...cells.map(line)].join('\n');
}
