import { type } from 'arktype';

// The exploratory analysis of one CLEAN batch, as the UI shows it (docs/ui.md). Computed by
// @tabular-ct/ml profileBatch, stored by preprocess, read by the history function.

const histogram = type({
  /** Bin edges, one more than the counts; values below the first or above the last are counted apart. */
  edges: 'number[]',
  counts: 'number[]',
  below: 'number',
  above: 'number',
});

const numericProfile = type({
  kind: "'numeric' | 'date'",
  count: 'number',
  missing: 'number',
  missing_share: 'number',
  min: 'number | null',
  max: 'number | null',
  mean: 'number | null',
  std: 'number | null',
  quantiles: { p01: 'number | null', p05: 'number | null', p25: 'number | null', p50: 'number | null', p75: 'number | null', p95: 'number | null', p99: 'number | null' },
  histogram,
  /** Spearman's rank correlation with the target: robust to the skew of prices and counts. */
  target_correlation: 'number | null',
});

const categoricalProfile = type({
  kind: "'categorical'",
  count: 'number',
  missing: 'number',
  missing_share: 'number',
  distinct: 'number',
  top: type({ value: 'string', count: 'number', share: 'number', target_mean: 'number' }).array(),
  /** Correlation ratio (eta) of the target across categories, from 0 (none) to 1. */
  target_correlation: 'number | null',
});

const columnProfile = numericProfile.or(categoricalProfile);
export type ColumnProfile = typeof columnProfile.infer;

export const batchProfile = type({
  rows: 'number',
  target: numericProfile,
  columns: type({ '[string]': columnProfile }),
});
export type BatchProfile = typeof batchProfile.infer;
