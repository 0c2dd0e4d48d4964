import { formatBatchId, storableRow } from '@tabular-ct/core';
import type { Pool } from '../db/pool.ts';
import { queryRows } from '../db/query-rows.ts';
import { withTransaction } from '../db/transaction.ts';

/**
 * One delivery as RAW records it: an answer of the data API, with the batch number it
 * carried and the group's delivery number (functions/core/src/pipeline/batch-id.ts).
 */
export interface RawBatch {
  batch_id: string;
  dataset: string;
  group_number: number;
  batch_number: number;
  delivery: number;
  source_url: string;
  row_count: number;
  payload_sha256: string;
  archive_key: string;
  collected_at?: Date;
}

/** What collect knows of a delivery before RAW numbers it. */
export type NewRawBatch = Omit<RawBatch, 'batch_id' | 'delivery' | 'row_count' | 'collected_at'>;

// Rows per INSERT: large enough to amortize round trips, small enough to keep each
// statement's parameter a few megabytes. Each chunk travels as one JSON document that the
// server unpacks (jsonb_array_elements): measured twice as fast as pg's array parameters,
// whose escaping of every JSON quote costs more than the insert itself.
const INSERT_CHUNK = 5_000;

// JSON.stringify spells a NUL `\u0000` and a lone surrogate `\ud800`-`\udfff`, the escapes jsonb
// refuses. A chunk whose text has neither (nearly every one) is sent as it is; only a chunk
// that matches (perhaps only a literal backslash-u in some text) has its rows looked at one by one.
const UNSTORABLE_ESCAPE = /\\u(0000|d[89a-f])/;

/** A chunk of rows as the INSERT's JSON document, a row jsonb cannot hold replaced by its wrapper (core's unstorable-row.ts). */
function storableChunk(rows: readonly unknown[]): string {
  const text = JSON.stringify(rows);
  return UNSTORABLE_ESCAPE.test(text) ? JSON.stringify(rows.map(storableRow)) : text;
}

const columns = 'batch_id, dataset, group_number, batch_number, delivery, source_url, row_count, payload_sha256, archive_key, collected_at';

// The delivery that carried a batch number with a content: the same answer, if RAW has it.
const SAME_DELIVERY = `SELECT ${columns} FROM batches WHERE dataset = $1 AND group_number = $2 AND batch_number = $3 AND payload_sha256 = $4`;

/** The delivery of a group that carried this batch number with this content, if RAW has it. */
export async function findRawDelivery(pool: Pool, dataset: string, group: number, batchNumber: number, sha256: string): Promise<RawBatch | undefined> {
  return (await queryRows<RawBatch>(pool, 'find raw delivery', SAME_DELIVERY, [dataset, group, batchNumber, sha256]))[0];
}

export async function getRawBatch(pool: Pool, batchId: string): Promise<RawBatch | undefined> {
  return (await queryRows<RawBatch>(pool, 'get raw batch', `SELECT ${columns} FROM batches WHERE batch_id = $1`, [batchId]))[0];
}

/** A group's latest delivery, if RAW has any. */
export async function latestRawDelivery(pool: Pool, dataset: string, group: number): Promise<RawBatch | undefined> {
  return (await queryRows<RawBatch>(pool, 'find the latest raw delivery', `SELECT ${columns} FROM batches WHERE dataset = $1 AND group_number = $2 ORDER BY delivery DESC LIMIT 1`, [dataset, group]))[0];
}

/** A group's deliveries up to and including delivery number `upTo`, in the order they arrived. */
export async function rawDeliveriesUpTo(pool: Pool, dataset: string, group: number, upTo: number): Promise<RawBatch[]> {
  return queryRows<RawBatch>(
    pool,
    'list raw deliveries',
    `SELECT ${columns} FROM batches WHERE dataset = $1 AND group_number = $2 AND delivery <= $3 ORDER BY delivery`,
    [dataset, group, upTo],
  );
}

/** The (batch number, payload digest) of every delivery RAW holds for a group. */
export async function rawDeliveryContents(pool: Pool, dataset: string, group: number): Promise<Array<{ batch_number: number; payload_sha256: string }>> {
  return queryRows<{ batch_number: number; payload_sha256: string }>(
    pool,
    'list raw deliveries',
    'SELECT batch_number, payload_sha256 FROM batches WHERE dataset = $1 AND group_number = $2',
    [dataset, group],
  );
}

/**
 * Writes a delivery and all its rows, unmodified, in one transaction: either everything is
 * there or nothing is. A row that PostgreSQL cannot store as it is (a NUL or an unpaired
 * surrogate in a value or a name) is stored in its wrapper, which keeps its JSON text whole
 * and says why: one such row must not fail the delivery at every retry. The delivery takes
 * the group's next number; a transaction-scoped lock on the group makes concurrent collects
 * of one group number their deliveries one after the other. `beforeCommit` runs after the rows are written and before the commit
 * (collect archives the payload there, so no delivery is committed unarchived); if it
 * fails, nothing is committed. When RAW already holds this batch number with this content
 * (another writer committed it first), nothing is written and that delivery is returned.
 */
export async function insertRawBatch(
  pool: Pool,
  batch: NewRawBatch,
  rows: readonly unknown[],
  beforeCommit: () => Promise<void> = async () => undefined,
): Promise<{ outcome: 'inserted' | 'exists'; batch: RawBatch }> {
  return withTransaction(pool, `insert a delivery of ${batch.dataset} group ${batch.group_number} batch ${batch.batch_number}`, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1), $2)', [`raw-deliveries-${batch.dataset}`, batch.group_number]);
    const existing = await client.query<RawBatch>(SAME_DELIVERY, [batch.dataset, batch.group_number, batch.batch_number, batch.payload_sha256]);
    if (existing.rows[0]) return { outcome: 'exists', batch: existing.rows[0] };
    const next = await client.query<{ delivery: number }>(
      'SELECT coalesce(max(delivery), 0) + 1 AS delivery FROM batches WHERE dataset = $1 AND group_number = $2',
      [batch.dataset, batch.group_number],
    );
    const delivery = next.rows[0]?.delivery ?? 1;
    const batchId = formatBatchId({ dataset: batch.dataset, group: batch.group_number, batchNumber: batch.batch_number, delivery });
    const inserted = await client.query<RawBatch>(
      `INSERT INTO batches (batch_id, dataset, group_number, batch_number, delivery, source_url, row_count, payload_sha256, archive_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${columns}`,
      [batchId, batch.dataset, batch.group_number, batch.batch_number, delivery, batch.source_url, rows.length, batch.payload_sha256, batch.archive_key],
    );
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      await client.query(
        `INSERT INTO raw_rows (batch_id, row_index, payload)
         SELECT $1, $2::int + t.i::int - 1, t.p FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t(p, i)`,
        [batchId, start, storableChunk(rows.slice(start, start + INSERT_CHUNK))],
      );
    }
    await beforeCommit();
    return { outcome: 'inserted', batch: inserted.rows[0] as RawBatch };
  });
}

/** The rows of a RAW batch exactly as collected (or in their $unstorable wrapper), in their original order. */
export async function readRawRows(pool: Pool, batchId: string): Promise<unknown[]> {
  const rows = await queryRows<{ payload: unknown }>(pool, 'read raw rows', 'SELECT payload FROM raw_rows WHERE batch_id = $1 ORDER BY row_index', [batchId]);
  return rows.map((r) => r.payload);
}
