// Global importance of a model version (mean |phi| over a sample of rows, shap's bar plot)
// and the comparison of two versions: which features gained or lost importance.

export interface FeatureImportance {
  readonly feature: string;
  /** Mean absolute Shapley value, in the explained output's units. */
  readonly importance: number;
}

export interface ImportanceChange {
  readonly feature: string;
  /** Importance in the baseline version and in the candidate (0 where a version lacks the feature). */
  readonly before: number;
  readonly after: number;
  /** after - before. */
  readonly difference: number;
  /** 1-based ranks by importance (1: most important); null where a version lacks the feature. */
  readonly rankBefore: number | null;
  readonly rankAfter: number | null;
  /** rankBefore - rankAfter: positive when the feature moved up; null if either rank is. */
  readonly rankChange: number | null;
}

/**
 * Mean |phi| per feature over rows (phi row-major, one value per feature and row), most
 * important first; ties keep the features' order.
 */
export function globalImportance(features: readonly string[], phi: Float64Array): FeatureImportance[] {
  const F = features.length;
  if (F === 0) return [];
  if (phi.length % F !== 0) throw new RangeError(`${phi.length} values are not rows of ${F} features`);
  const n = phi.length / F;
  const sums = new Float64Array(F);
  for (let r = 0; r < n; r++) for (let j = 0; j < F; j++) sums[j]! += Math.abs(phi[r * F + j]!);
  return rank(features.map((feature, j) => ({ feature, importance: n > 0 ? sums[j]! / n : 0 })));
}

/**
 * Per feature importance in two versions, the difference and the change of rank; sorted by
 * the size of the difference, largest first.
 */
export function compareImportance(before: readonly FeatureImportance[], after: readonly FeatureImportance[]): ImportanceChange[] {
  const ranksOf = (list: readonly FeatureImportance[]) => new Map(rank(list).map((f, i) => [f.feature, { rank: i + 1, importance: f.importance }]));
  const a = ranksOf(before);
  const b = ranksOf(after);
  const names = [...new Set([...before.map((f) => f.feature), ...after.map((f) => f.feature)])];
  return names
    .map((feature) => {
      const x = a.get(feature);
      const y = b.get(feature);
      const rankBefore = x?.rank ?? null;
      const rankAfter = y?.rank ?? null;
      return {
        feature,
        before: x?.importance ?? 0,
        after: y?.importance ?? 0,
        difference: (y?.importance ?? 0) - (x?.importance ?? 0),
        rankBefore,
        rankAfter,
        rankChange: rankBefore !== null && rankAfter !== null ? rankBefore - rankAfter : null,
      };
    })
    .sort((p, q) => Math.abs(q.difference) - Math.abs(p.difference));
}

/** Most important first; a stable sort keeps ties in their given order. */
function rank(list: readonly FeatureImportance[]): FeatureImportance[] {
  return [...list].sort((p, q) => q.importance - p.importance);
}
