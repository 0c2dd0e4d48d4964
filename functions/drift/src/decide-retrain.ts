import type { ColumnDrift, DriftReport } from '@tabular-ct/core';
import type { CleanBatchSummary } from '@tabular-ct/platform';

/**
 * The retraining policy's thresholds, each a trigger on its own. Drift statistics and
 * their thresholds are Evidently's defaults (functions/ml drift); these cover what a
 * statistic does not see.
 */
const retrainTriggers = {
  /** A feature where more than 5% of the batch's rows carry categories the model never saw: the model routes them as missing. */
  newCategoryShare: 0.05,
  /**
   * ...but only for features with at most this many known categories. Cities and ZIP codes
   * number in the thousands: every batch of new listings brings unseen ones, and their
   * distribution test (chi-square, Jensen-Shannon) already says whether the mix moved.
   */
  newCategoryMaxKnown: 100,
  /** A change of more than 10 points in a feature's missing share: the missing branch of the trees starts carrying real weight. */
  missingShareChange: 0.1,
} as const;

interface RetrainDecision {
  retrain: boolean;
  reasons: string[];
}

const fmt = (x: number): string => (Math.abs(x) >= 0.001 || x === 0 ? x.toFixed(3) : x.toExponential(2));
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** "price (target): Wasserstein distance / reference std = 0.412, threshold 0.1" */
function describe(c: ColumnDrift): string {
  if (c.statistic === null) return `${c.column}: ${c.test}`;
  const value = c.p_value === undefined ? `${c.test} = ${fmt(c.statistic)}` : `${c.test} p-value = ${fmt(c.p_value)}`;
  const comparison = c.p_value === undefined ? (c.drifted ? '>=' : '<') : c.drifted ? '<' : '>=';
  return `${c.column}${c.role === 'target' ? ' (target)' : ''}: ${value} ${comparison} threshold ${c.threshold}`;
}

/** A delivery's accounting, as CLEAN stores it. */
type DeliveryCounts = Pick<CleanBatchSummary, 'batch_id' | 'rows_in' | 'rows_rejected' | 'rows_duplicate'>;

/**
 * The skip of deliveries that added no new row: every row they brought was rejected or
 * repeats a row CLEAN holds (overlapping samples of a time-windowed data API do that).
 */
export function skipNothingNew(deliveries: readonly DeliveryCounts[]): RetrainDecision {
  const sum = (key: keyof Omit<DeliveryCounts, 'batch_id'>): number => deliveries.reduce((n, d) => n + d[key], 0);
  const names = deliveries.map((d) => d.batch_id).join(', ');
  const what = deliveries.length === 1 ? `delivery ${names} added` : `deliveries ${names} added`;
  return {
    retrain: false,
    reasons: [`${what} no new rows: of ${sum('rows_in')} rows received, ${sum('rows_duplicate')} repeat rows CLEAN already holds and ${sum('rows_rejected')} were rejected`],
  };
}

/**
 * Retrain or skip, with reasons a person can check: every reason names the column, the
 * statistic, its value and the threshold. The triggers are drift of the target, drift of
 * the dataset (Evidently's share of drifted features), new categories and changes in
 * missing values. Time and row counts are never a reason on their own.
 */
export function decideRetrain(report: DriftReport | undefined, batchId: string): RetrainDecision {
  if (!report) return { retrain: true, reasons: [`no model is in production yet: batch ${batchId} trains the baseline`] };

  const features = report.columns.filter((c) => c.role === 'feature');
  const target = report.columns.find((c) => c.role === 'target');
  const triggers: string[] = [];
  if (target?.drifted) triggers.push(`the target drifted: ${describe(target)}`);
  const drifted = features.filter((c) => c.drifted);
  const share = `${drifted.length} of ${features.length} features drifted (${pct(report.dataset_drift.drifted_share)}, dataset drift at ${pct(report.dataset_drift.threshold)})`;
  if (report.dataset_drift.drifted) triggers.push(`the dataset drifted: ${share}: ${drifted.map(describe).join('; ')}`);
  for (const c of features) {
    const unseen = c.new_categories.reduce((sum, n) => sum + n.share, 0);
    const bounded = (c.reference_categories ?? 0) <= retrainTriggers.newCategoryMaxKnown;
    if (bounded && unseen > retrainTriggers.newCategoryShare) {
      const named = c.new_categories.slice(0, 5).map((n) => `"${n.value}"`).join(', ');
      triggers.push(`${c.column}: ${pct(unseen)} of the batch has categories the model never saw (${named}), above ${pct(retrainTriggers.newCategoryShare)}`);
    }
    const change = c.missing_share.current - c.missing_share.reference;
    if (Math.abs(change) > retrainTriggers.missingShareChange) {
      triggers.push(`${c.column}: missing values went from ${pct(c.missing_share.reference)} to ${pct(c.missing_share.current)}, a change above ${pct(retrainTriggers.missingShareChange)}`);
    }
  }
  if (triggers.length > 0) {
    // Drifted features that did not trigger on their own still belong in the explanation.
    if (!report.dataset_drift.drifted && drifted.length > 0) triggers.push(`also: ${share}: ${drifted.map(describe).join('; ')}`);
    return { retrain: true, reasons: triggers };
  }
  const reasons = [
    target ? `the target is stable: ${describe(target)}` : 'the batch has no target to compare',
    drifted.length > 0 ? `${share}, below the dataset drift share: ${drifted.map(describe).join('; ')}` : `none of the ${features.length} features drifted`,
    `no feature with at most ${retrainTriggers.newCategoryMaxKnown} known categories has more than ${pct(retrainTriggers.newCategoryShare)} of new ones, and no missing share moved more than ${pct(retrainTriggers.missingShareChange)}`,
  ];
  return { retrain: false, reasons };
}
