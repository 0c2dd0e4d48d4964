import { AppError, parseBatchId, type Split } from '@tabular-ct/core';
import type { Pool } from '../db/pool.ts';
import { pgError } from '../db/pg-errors.ts';
import { queryRows } from '../db/query-rows.ts';
import { withTransaction } from '../db/transaction.ts';

export interface CleanBatchSummary {
  batch_id: string;
  dataset: string;
  /** The delivery whose preprocess request processed this one: itself, or a later delivery of the group that took it up. */
  processed_with: string;
  rows_in: number;
  rows_clean: number;
  rows_rejected: number;
  rows_duplicate: number;
}

export interface CleanRowRecord {
  row_index: number;
  row_key: string;
  split: Split;
  features: Record<string, unknown>;
  target: number;
}

export interface RejectRecord {
  row_index: number;
  field: string;
  reason: string;
  payload: unknown;
}

export interface DuplicateRecord {
  row_index: number;
  row_key: string;
}

export interface CleanBatch {
  /** `processed_with` left out: the batch was processed by a request of its own. */
  summary: Omit<CleanBatchSummary, 'processed_with'> & { processed_with?: string };
  rows: readonly CleanRowRecord[];
  rejects: readonly RejectRecord[];
  duplicates: readonly DuplicateRecord[];
  profile: unknown;
}

// Rows per INSERT, as for RAW: one JSON document of a few megabytes per statement,
// unpacked by the server (see raw-batches.ts for why not array parameters).
const CHUNK = 5_000;

const summaryColumns = 'batch_id, dataset, processed_with, rows_in, rows_clean, rows_rejected, rows_duplicate';

export async function getCleanBatch(pool: Pool, batchId: string): Promise<CleanBatchSummary | undefined> {
  const rows = await queryRows<CleanBatchSummary>(pool, 'get clean batch', `SELECT ${summaryColumns} FROM clean_batches WHERE batch_id = $1`, [batchId]);
  return rows[0];
}

/** The deliveries one preprocess request processed together, in delivery order. */
export async function processedTogether(pool: Pool, processedWith: string): Promise<CleanBatchSummary[]> {
  return queryRows<CleanBatchSummary>(pool, 'list deliveries processed together', `SELECT ${summaryColumns} FROM clean_batches WHERE processed_with = $1 ORDER BY delivery`, [processedWith]);
}

/** The summaries CLEAN holds of these batches, in delivery order; ids it does not hold are left out. */
export async function cleanBatchSummaries(pool: Pool, batchIds: readonly string[]): Promise<CleanBatchSummary[]> {
  return queryRows<CleanBatchSummary>(pool, 'read clean batch summaries', `SELECT ${summaryColumns} FROM clean_batches WHERE batch_id = ANY($1::text[]) ORDER BY group_number, delivery`, [batchIds]);
}

/** Which of these row keys CLEAN already holds for the dataset. */
export async function existingRowKeys(pool: Pool, dataset: string, keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  try {
    for (let start = 0; start < keys.length; start += CHUNK) {
      const chunk = keys.slice(start, start + CHUNK);
      const rows = await pool.query<{ row_key: string }>('SELECT row_key FROM clean_rows WHERE dataset = $1 AND row_key = ANY($2::text[])', [dataset, chunk]);
      for (const r of rows.rows) found.add(r.row_key);
    }
  } catch (error) {
    throw pgError(error, 'look up clean row keys');
  }
  return found;
}

/** Counts per split of processed batches. */
export async function splitCounts(pool: Pool, batchIds: readonly string[]): Promise<Record<Split, number>> {
  const found = await queryRows<{ split: Split; n: number }>(pool, 'count splits', 'SELECT split, count(*)::int AS n FROM clean_rows WHERE batch_id = ANY($1::text[]) GROUP BY split', [batchIds]);
  const counts = { train: 0, validation: 0, test: 0 };
  for (const r of found) counts[r.split] = r.n;
  return counts;
}

/** The ten most frequent reasons rows of processed batches were rejected. */
export async function rejectReasons(pool: Pool, batchIds: readonly string[]): Promise<Array<{ field: string; reason: string; count: number }>> {
  return queryRows<{ field: string; reason: string; count: number }>(
    pool,
    'list reject reasons',
    `SELECT field, reason, count(*)::int AS count FROM rejects WHERE batch_id = ANY($1::text[])
     GROUP BY field, reason ORDER BY count DESC, field, reason LIMIT 10`,
    [batchIds],
  );
}

/**
 * Writes a processed batch in one transaction: its summary, clean rows, rejects,
 * duplicates and profile. The summary's check constraint refuses any accounting in which
 * rows in differs from clean + rejected + duplicates. Returns 'exists' when the batch was
 * processed already (by a concurrent call); another batch with the same group and delivery
 * number is a conflict, not 'exists'.
 */
export async function insertCleanBatch(pool: Pool, batch: CleanBatch): Promise<'inserted' | 'exists'> {
  const s = batch.summary;
  const ref = parseBatchId(s.batch_id);
  if (!ref) throw new AppError('invalid_request', `"${s.batch_id}" is not a batch id (<dataset>-g<group>-b<batch>-d<delivery>)`);
  return withTransaction(pool, `insert clean batch ${s.batch_id}`, async (client) => {
    const inserted = await client.query(
      `INSERT INTO clean_batches (batch_id, dataset, group_number, batch_number, delivery, processed_with, rows_in, rows_clean, rows_rejected, rows_duplicate)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (batch_id) DO NOTHING`,
      [s.batch_id, s.dataset, ref.group, ref.batchNumber, ref.delivery, s.processed_with ?? s.batch_id, s.rows_in, s.rows_clean, s.rows_rejected, s.rows_duplicate],
    );
    if (inserted.rowCount === 0) return 'exists';
    for (let start = 0; start < batch.rows.length; start += CHUNK) {
      await client.query(
        `INSERT INTO clean_rows (batch_id, dataset, row_index, row_key, split, features, target)
         SELECT $1, $2, (r->>'row_index')::int, r->>'row_key', r->>'split', r->'features', (r->>'target')::float8
         FROM jsonb_array_elements($3::jsonb) AS r`,
        [s.batch_id, s.dataset, JSON.stringify(batch.rows.slice(start, start + CHUNK))],
      );
    }
    for (let start = 0; start < batch.rejects.length; start += CHUNK) {
      await client.query(
        `INSERT INTO rejects (batch_id, row_index, field, reason, payload)
         SELECT $1, (r->>'row_index')::int, r->>'field', r->>'reason', r->'payload' FROM jsonb_array_elements($2::jsonb) AS r`,
        [s.batch_id, JSON.stringify(batch.rejects.slice(start, start + CHUNK))],
      );
    }
    for (let start = 0; start < batch.duplicates.length; start += CHUNK) {
      await client.query(
        `INSERT INTO duplicates (batch_id, row_index, row_key)
         SELECT $1, (r->>'row_index')::int, r->>'row_key' FROM jsonb_array_elements($2::jsonb) AS r`,
        [s.batch_id, JSON.stringify(batch.duplicates.slice(start, start + CHUNK))],
      );
    }
    await client.query('INSERT INTO batch_profiles (batch_id, profile) VALUES ($1, $2)', [s.batch_id, JSON.stringify(batch.profile)]);
    return 'inserted';
  });
}
