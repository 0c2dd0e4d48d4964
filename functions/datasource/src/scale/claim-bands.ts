import type { BatchPlan } from '@tabular-ct/core';
import type { Band } from './copy-jitter.ts';

/**
 * The band each batch's claim puts on a numeric column, by batch number: every range
 * condition on the column, intersected. A copy whose value moves must stay inside it, or
 * the batch would hold rows its claim never matches (a $301k row in the <= $300k batch).
 * A subsets plan, or a claim without such a condition, leaves the column unbounded.
 */
export function claimBands(plan: BatchPlan, column: string): Band[] {
  const bands: Band[] = [];
  if (plan.kind !== 'claims') return bands;
  for (const claim of plan.claims) {
    const band: Band = {};
    for (const condition of claim.where) {
      if (condition.column !== column) continue;
      if (condition.gt !== undefined) band.gt = Math.max(band.gt ?? -Infinity, condition.gt);
      if (condition.lte !== undefined) band.lte = Math.min(band.lte ?? Infinity, condition.lte);
    }
    for (const batch of claim.batches) bands[batch] = band;
  }
  return bands;
}
