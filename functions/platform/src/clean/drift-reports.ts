import type { Pool } from '../db/pool.ts';
import { pgError } from '../db/pg-errors.ts';

export interface StoredDriftReport {
  batch_id: string;
  dataset: string;
  retrain: boolean;
  reasons: string[];
  report: unknown;
}

/** Stores a batch's drift report once; a retry keeps the first. Returns what is stored. */
export async function saveDriftReport(pool: Pool, r: StoredDriftReport): Promise<StoredDriftReport> {
  try {
    await pool.query(
      `INSERT INTO drift_reports (batch_id, dataset, retrain, reasons, report) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (batch_id) DO NOTHING`,
      [r.batch_id, r.dataset, r.retrain, JSON.stringify(r.reasons), JSON.stringify(r.report)],
    );
    return (await getDriftReport(pool, r.batch_id)) as StoredDriftReport;
  } catch (error) {
    throw pgError(error, 'save drift report');
  }
}

export async function getDriftReport(pool: Pool, batchId: string): Promise<StoredDriftReport | undefined> {
  try {
    const found = await pool.query<StoredDriftReport>('SELECT batch_id, dataset, retrain, reasons, report FROM drift_reports WHERE batch_id = $1', [batchId]);
    return found.rows[0];
  } catch (error) {
    throw pgError(error, 'get drift report');
  }
}
