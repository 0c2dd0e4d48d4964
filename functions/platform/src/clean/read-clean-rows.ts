import { parseBatchId, parseLegacyBatchId, type Split } from '@tabular-ct/core';
import type { Pool } from '../db/pool.ts';
import { pgError } from '../db/pg-errors.ts';
import { queryRows } from '../db/query-rows.ts';

export interface StoredCleanRow {
  batch_id: string;
  row_index: number;
  split: Split;
  /** Every column of the dataset specification, normalized: numbers, text, ISO dates, null. */
  features: Record<string, number | string | null>;
  target: number;
}

/**
 * The deliveries of a group from the first up to and including `batchId`, in delivery order:
 * "the data seen so far" when it arrived. A version registered before batches were
 * deliveries is tagged `<dataset>-g<group>-b<number>`: for it, every delivery of the group
 * up to that batch number.
 */
export async function deliveriesUpTo(pool: Pool, dataset: string, batchId: string): Promise<string[]> {
  const ref = parseBatchId(batchId);
  const legacy = ref ? undefined : parseLegacyBatchId(batchId);
  try {
    const query = (bound: string, group: number, upTo: number) =>
      pool.query<{ batch_id: string }>(`SELECT batch_id FROM clean_batches WHERE dataset = $1 AND group_number = $2 AND ${bound} <= $3 ORDER BY delivery`, [dataset, group, upTo]);
    if (ref) return (await query('delivery', ref.group, ref.delivery)).rows.map((r) => r.batch_id);
    if (legacy) return (await query('batch_number', legacy.group, legacy.batchNumber)).rows.map((r) => r.batch_id);
    return [];
  } catch (error) {
    throw pgError(error, 'list deliveries so far');
  }
}

/**
 * Clean rows of the given batches, optionally of some splits only, in a stable order
 * (batch order as given, then row index), so a training set and its digest are reproducible.
 */
export async function readCleanRows(pool: Pool, batchIds: readonly string[], splits?: readonly Split[]): Promise<StoredCleanRow[]> {
  return queryRows<StoredCleanRow>(
    pool,
    'read clean rows',
    `SELECT c.batch_id, c.row_index, c.split, c.features, c.target
     FROM clean_rows c JOIN unnest($1::text[]) WITH ORDINALITY AS b(batch_id, position) USING (batch_id)
     WHERE $2::text[] IS NULL OR c.split = ANY($2::text[])
     ORDER BY b.position, c.row_index`,
    [batchIds, splits ?? null],
  );
}
