import type { Pool } from '../db/pool.ts';
import { queryRows } from '../db/query-rows.ts';
import type { CleanBatchSummary } from './clean-batches.ts';
import type { StoredDriftReport } from './drift-reports.ts';

// Read-only queries behind the history function. Batches (deliveries) are ordered by group,
// then by delivery number: the order they arrived in.

export type CleanBatchRow = Omit<CleanBatchSummary, 'dataset' | 'processed_with'> & { batch_number: number; delivery: number; processed_at: Date };

/** Every processed batch of a dataset with its accounting, in delivery order. */
export async function listCleanBatches(pool: Pool, dataset: string): Promise<CleanBatchRow[]> {
  return queryRows<CleanBatchRow>(
    pool,
    'list clean batches',
    `SELECT batch_id, batch_number, delivery, processed_at, rows_in, rows_clean, rows_rejected, rows_duplicate FROM clean_batches
     WHERE dataset = $1 ORDER BY group_number, delivery`,
    [dataset],
  );
}

export type DriftReportRow = Omit<StoredDriftReport, 'dataset'> & { created_at: Date };

/** Every stored drift report of a dataset, in delivery order. */
export async function listDriftReports(pool: Pool, dataset: string): Promise<DriftReportRow[]> {
  return queryRows<DriftReportRow>(
    pool,
    'list drift reports',
    `SELECT r.batch_id, r.deliveries, r.created_at, r.retrain, r.reasons, r.report FROM drift_reports r JOIN clean_batches c USING (batch_id)
     WHERE r.dataset = $1 ORDER BY c.group_number, c.delivery`,
    [dataset],
  );
}

/** The ids of a dataset's batches that have a profile, in delivery order. */
export async function profiledBatches(pool: Pool, dataset: string): Promise<string[]> {
  const rows = await queryRows<{ batch_id: string }>(
    pool,
    'list profiled batches',
    'SELECT p.batch_id FROM batch_profiles p JOIN clean_batches c USING (batch_id) WHERE c.dataset = $1 ORDER BY c.group_number, c.delivery',
    [dataset],
  );
  return rows.map((r) => r.batch_id);
}

/** A batch's stored profile, or undefined when it has none. */
export async function getBatchProfile(pool: Pool, batchId: string): Promise<unknown> {
  const rows = await queryRows<{ profile: unknown }>(pool, 'get batch profile', 'SELECT profile FROM batch_profiles WHERE batch_id = $1', [batchId]);
  return rows[0]?.profile;
}
