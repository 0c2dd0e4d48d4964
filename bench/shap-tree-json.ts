import type { Dataset, GbdtModel } from '@tabular-ct/ml';

// JSON has no NaN: missing values and NaN thresholds travel as null.
const list = (a: ArrayLike<number>): (number | null)[] => Array.from(a, (v) => (Number.isNaN(v) ? null : v));

/**
 * One of our models as its flat tree table plus numeric rows to explain: what the Python
 * side (python/golden/make_shap_fixtures.py, bench/shap_reference.py) turns into a shap
 * custom tree model. Numeric features only: shap's format has no category-set splits.
 */
export function shapTreeJson(model: GbdtModel, rows: Dataset): { model: unknown; rows: (number | null)[][] } {
  const t = model.trees;
  return {
    model: {
      features: model.features.map((f) => f.name),
      initScore: model.initScore,
      trees: {
        roots: list(t.roots),
        feature: list(t.feature),
        threshold: list(t.threshold),
        missingLeft: list(t.missingLeft),
        left: list(t.left),
        right: list(t.right),
        leafValue: list(t.leafValue),
        nodeCount: list(t.nodeCount),
        leafCount: list(t.leafCount),
      },
    },
    rows: rows.columns.map((c) => list(c as Float64Array)),
  };
}
