import type { Pool } from '../db/pool.ts';
import { pgError } from '../db/pg-errors.ts';

// Read-only queries behind the history function (R11). Batches are ordered by their number
// (ids read `<dataset>-g<group>-b<number>`), so b10 comes after b9, then by group.
const BATCH_ORDER = `substring(batch_id FROM '-g(\\d+)-')::int, substring(batch_id FROM '-b(\\d+)$')::int`;

export interface CleanBatchRow {
  batch_id: string;
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
      `SELECT batch_id, processed_at, rows_in, rows_clean, rows_rejected, rows_duplicate FROM clean_batches
       WHERE dataset = $1 ORDER BY ${BATCH_ORDER}`,
      [dataset],
    );
    return found.rows;
  } catch (error) {
    throw pgError(error, 'list clean batches');
  }
}

export interface DriftReportRow {
  batch_id: string;
  created_at: Date;
  retrain: boolean;
  reasons: string[];
  report: unknown;
}

/** Every stored drift report of a dataset, in delivery order. */
export async function listDriftReports(pool: Pool, dataset: string): Promise<DriftReportRow[]> {
  try {
    const found = await pool.query<DriftReportRow>(
      `SELECT batch_id, created_at, retrain, reasons, report FROM drift_reports WHERE dataset = $1 ORDER BY ${BATCH_ORDER}`,
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
      `SELECT p.batch_id FROM batch_profiles p JOIN clean_batches USING (batch_id) WHERE dataset = $1
       ORDER BY substring(p.batch_id FROM '-g(\\d+)-')::int, substring(p.batch_id FROM '-b(\\d+)$')::int`,
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
