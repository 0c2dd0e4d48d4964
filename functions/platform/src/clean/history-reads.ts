import type { Pool } from '../db/pool.ts';
import { pgError } from '../db/pg-errors.ts';

// Read-only queries behind the history function. Batches (deliveries) are ordered by group,
// then by delivery number: the order they arrived in.

export interface CleanBatchRow {
  batch_id: string;
  batch_number: number;
  delivery: number;
  processed_at: Date;
  rows_in: number;
  rows_clean: number;
  rows_rejected: number;
  rows_duplicate: number;
}

/** Every processed batch of a dataset with its accounting, in delivery order. */
export async function listCleanBatches(pool: Pool, dataset: string): Promise<CleanBatchRow[]> {
  try {
    const found = await pool.query<CleanBatchRow>(
      `SELECT batch_id, batch_number, delivery, processed_at, rows_in, rows_clean, rows_rejected, rows_duplicate FROM clean_batches
       WHERE dataset = $1 ORDER BY group_number, delivery`,
      [dataset],
    );
    return found.rows;
  } catch (error) {
    throw pgError(error, 'list clean batches');
  }
}

export interface DriftReportRow {
  batch_id: string;
  deliveries: string[];
  created_at: Date;
  retrain: boolean;
  reasons: string[];
  report: unknown;
}

/** Every stored drift report of a dataset, in delivery order. */
export async function listDriftReports(pool: Pool, dataset: string): Promise<DriftReportRow[]> {
  try {
    const found = await pool.query<DriftReportRow>(
      `SELECT r.batch_id, r.deliveries, r.created_at, r.retrain, r.reasons, r.report FROM drift_reports r JOIN clean_batches c USING (batch_id)
       WHERE r.dataset = $1 ORDER BY c.group_number, c.delivery`,
      [dataset],
    );
    return found.rows;
  } catch (error) {
    throw pgError(error, 'list drift reports');
  }
}

/** The ids of a dataset's batches that have a profile, in delivery order. */
export async function profiledBatches(pool: Pool, dataset: string): Promise<string[]> {
  try {
    const found = await pool.query<{ batch_id: string }>(
      'SELECT p.batch_id FROM batch_profiles p JOIN clean_batches c USING (batch_id) WHERE c.dataset = $1 ORDER BY c.group_number, c.delivery',
      [dataset],
    );
    return found.rows.map((r) => r.batch_id);
  } catch (error) {
    throw pgError(error, 'list profiled batches');
  }
}

/** A batch's stored profile, or undefined when it has none. */
export async function getBatchProfile(pool: Pool, batchId: string): Promise<unknown> {
  try {
    const found = await pool.query<{ profile: unknown }>('SELECT profile FROM batch_profiles WHERE batch_id = $1', [batchId]);
    return found.rows[0]?.profile;
  } catch (error) {
    throw pgError(error, 'get batch profile');
  }
}
