import type { Pool } from '../db/pool.ts';
import { queryRows } from '../db/query-rows.ts';

export interface StoredDriftReport {
  /** The delivery the decision was asked for: the last of `deliveries`. */
  batch_id: string;
  dataset: string;
  /** Every delivery this decision covers: those of the group up to batch_id that no earlier decision covered. */
  deliveries: string[];
  retrain: boolean;
  reasons: string[];
  report: unknown;
}

const columns = 'batch_id, dataset, deliveries, retrain, reasons, report';

/** Stores a delivery's drift report once; a retry keeps the first. Returns what is stored. */
export async function saveDriftReport(pool: Pool, r: StoredDriftReport): Promise<StoredDriftReport> {
  await queryRows(
    pool,
    'save drift report',
    `INSERT INTO drift_reports (batch_id, dataset, deliveries, retrain, reasons, report) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (batch_id) DO NOTHING`,
    [r.batch_id, r.dataset, r.deliveries, r.retrain, JSON.stringify(r.reasons), JSON.stringify(r.report)],
  );
  return (await getDriftReport(pool, r.batch_id)) as StoredDriftReport;
}

/** The drift report asked for this delivery, or the one whose decision covered it. */
export async function getDriftReport(pool: Pool, batchId: string): Promise<StoredDriftReport | undefined> {
  const rows = await queryRows<StoredDriftReport>(
    pool,
    'get drift report',
    `SELECT ${columns} FROM drift_reports WHERE batch_id = $1 OR $1 = ANY(deliveries) ORDER BY batch_id = $1 DESC LIMIT 1`,
    [batchId],
  );
  return rows[0];
}

/**
 * The deliveries a decision asked for `batchId` covers: those of its group up to it, in
 * delivery order, that CLEAN holds and no stored decision covers yet. A delivery whose
 * DAG run failed after collecting is decided with the next one, never forgotten.
 */
export async function undecidedDeliveries(pool: Pool, dataset: string, batchId: string): Promise<string[]> {
  const rows = await queryRows<{ batch_id: string }>(
    pool,
    'list undecided deliveries',
    `SELECT c.batch_id FROM clean_batches c JOIN clean_batches asked ON asked.batch_id = $2
     WHERE c.dataset = $1 AND c.group_number = asked.group_number AND c.delivery <= asked.delivery
       AND NOT EXISTS (SELECT 1 FROM drift_reports r WHERE r.dataset = $1 AND c.batch_id = ANY(r.deliveries))
     ORDER BY c.delivery`,
    [dataset, batchId],
  );
  return rows.map((r) => r.batch_id);
}
