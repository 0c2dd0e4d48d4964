import type { Pool } from '../db/pool.ts';
import { pgError } from '../db/pg-errors.ts';
import { withTransaction } from '../db/transaction.ts';

/** One collected batch as RAW records it. */
export interface RawBatch {
  batch_id: string;
  dataset: string;
  group_number: number;
  batch_number: number;
  source_url: string;
  row_count: number;
  payload_sha256: string;
  archive_key: string;
  collected_at?: Date;
}

// Rows per INSERT: large enough to amortize round trips, small enough to keep each
// statement's parameter a few megabytes. Each chunk travels as one JSON document that the
// server unpacks (jsonb_array_elements): measured twice as fast as pg's array parameters,
// whose escaping of every JSON quote costs more than the insert itself.
const INSERT_CHUNK = 5_000;

const columns = 'batch_id, dataset, group_number, batch_number, source_url, row_count, payload_sha256, archive_key, collected_at';

/** The batch a group delivered under this number, if RAW has it. */
export async function findRawBatch(pool: Pool, dataset: string, group: number, batchNumber: number): Promise<RawBatch | undefined> {
  try {
    const found = await pool.query<RawBatch>(
      `SELECT ${columns} FROM batches WHERE dataset = $1 AND group_number = $2 AND batch_number = $3`,
      [dataset, group, batchNumber],
    );
    return found.rows[0];
  } catch (error) {
    throw pgError(error, 'find raw batch');
  }
}

export async function getRawBatch(pool: Pool, batchId: string): Promise<RawBatch | undefined> {
  try {
    return (await pool.query<RawBatch>(`SELECT ${columns} FROM batches WHERE batch_id = $1`, [batchId])).rows[0];
  } catch (error) {
    throw pgError(error, 'get raw batch');
  }
}

/** Batch numbers RAW holds for a group, ascending. */
export async function rawBatchNumbers(pool: Pool, dataset: string, group: number): Promise<number[]> {
  try {
    const found = await pool.query<{ batch_number: number }>(
      'SELECT batch_number FROM batches WHERE dataset = $1 AND group_number = $2 ORDER BY batch_number',
      [dataset, group],
    );
    return found.rows.map((r) => r.batch_number);
  } catch (error) {
    throw pgError(error, 'list raw batches');
  }
}

/**
 * Writes a batch and all its rows, unmodified, in one transaction: either everything is
 * there or nothing is. `beforeCommit` runs after the rows are written and before the
 * commit (collect archives the payload there, so no batch is committed unarchived); if it
 * fails, nothing is committed. Returns 'exists' when another writer committed the batch first.
 */
export async function insertRawBatch(
  pool: Pool,
  batch: RawBatch,
  rows: readonly unknown[],
  beforeCommit: () => Promise<void> = async () => undefined,
): Promise<'inserted' | 'exists'> {
  return withTransaction(pool, `insert raw batch ${batch.batch_id}`, async (client) => {
    const inserted = await client.query(
      `INSERT INTO batches (batch_id, dataset, group_number, batch_number, source_url, row_count, payload_sha256, archive_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT DO NOTHING`,
      [batch.batch_id, batch.dataset, batch.group_number, batch.batch_number, batch.source_url, rows.length, batch.payload_sha256, batch.archive_key],
    );
    if (inserted.rowCount === 0) return 'exists';
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      await client.query(
        `INSERT INTO raw_rows (batch_id, row_index, payload)
         SELECT $1, $2::int + t.i::int - 1, t.p FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t(p, i)`,
        [batch.batch_id, start, JSON.stringify(rows.slice(start, start + INSERT_CHUNK))],
      );
    }
    await beforeCommit();
    return 'inserted';
  });
}

/** The rows of a RAW batch exactly as collected, in their original order. */
export async function readRawRows(pool: Pool, batchId: string): Promise<unknown[]> {
  try {
    const found = await pool.query<{ payload: unknown }>('SELECT payload FROM raw_rows WHERE batch_id = $1 ORDER BY row_index', [batchId]);
    return found.rows.map((r) => r.payload);
  } catch (error) {
    throw pgError(error, 'read raw rows');
  }
}
