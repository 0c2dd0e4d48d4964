import type { CompareResponse } from '@tabular-ct/core';
import { compareImportance, type FeatureImportance } from '@tabular-ct/ml';

/**
 * The comparison of version a (before) with version b (after) on the same rows: every
 * feature's change, largest first, and the names of those that gained or lost importance.
 */
export function compareAnswer(before: readonly FeatureImportance[], after: readonly FeatureImportance[]): Pick<CompareResponse, 'changes' | 'gained' | 'lost'> {
  const changes = compareImportance(before, after).map((c) => ({
    feature: c.feature,
    before: c.before,
    after: c.after,
    difference: c.difference,
    rank_before: c.rankBefore,
    rank_after: c.rankAfter,
    rank_change: c.rankChange,
  }));
  return {
    changes,
    gained: changes.filter((c) => c.difference > 0).map((c) => c.feature),
    lost: changes.filter((c) => c.difference < 0).map((c) => c.feature),
  };
}
