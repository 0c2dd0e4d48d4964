import { type } from 'arktype';
import { batchRequest } from './batch-id.ts';

/**
 * POST /drift: compare what a delivery added (with every earlier delivery of its group that no
 * decision covered yet) with the training data of the model in production.
 */
export const driftRequest = batchRequest;
export type DriftRequest = typeof driftRequest.infer;

/** One column's comparison, as the UI's drift table shows it. */
const columnDrift = type({
  column: 'string',
  role: "'feature' | 'target'",
  kind: "'numeric' | 'categorical'",
  /** The statistic chosen for this column's type and the reference's size (Evidently's defaults); "untested" when a sample has no value. */
  test: 'string',
  statistic: 'number | null',
  'p_value?': 'number',
  threshold: 'number',
  drifted: 'boolean',
  missing_share: { reference: 'number', current: 'number' },
  /** Categories of the current batch that the reference never had, with their share of the batch. */
  new_categories: type({ value: 'string', share: 'number' }).array(),
  /** Distinct categories of the reference (categorical columns). */
  'reference_categories?': 'number',
});
export type ColumnDrift = typeof columnDrift.infer;

export const driftReport = type({
  dataset: 'string',
  batch_id: 'string',
  reference: { 'model_version?': 'string', 'batch_id?': 'string', rows: 'number' },
  current: { rows: 'number' },
  columns: columnDrift.array(),
  dataset_drift: { drifted_share: 'number', threshold: 'number', drifted: 'boolean' },
});
export type DriftReport = typeof driftReport.infer;

export const driftResponse = type({
  status: "'evaluated' | 'already_evaluated'",
  dataset: 'string',
  batch_id: 'string',
  /** The deliveries this decision covers, in delivery order; the last is batch_id. */
  deliveries: 'string[]',
  retrain: 'boolean',
  /** Sentences naming the column, the statistic, its value and the threshold; a skip says why too. */
  reasons: 'string[]',
  report: driftReport,
});
export type DriftResponse = typeof driftResponse.infer;
