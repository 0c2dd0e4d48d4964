import type { GbdtModel } from '@tabular-ct/ml';

/** How much the trees use one feature. */
interface FeatureUse {
  feature: string;
  /** Internal nodes that split on the feature (LightGBM's importance_type='split'). */
  splits: number;
  /** Training rows routed by those splits, summed over trees: splits near the root weigh more. */
  cover: number;
}

/**
 * Split counts and cover per feature, most used first. The model keeps no split gains (its
 * prediction table holds thresholds, leaf values and row counts only), so gain importance is
 * not available; SHAP gives the importance that attributes predictions (the explain function).
 */
export function featureImportance(model: GbdtModel): FeatureUse[] {
  const uses = model.features.map((f): FeatureUse => ({ feature: f.name, splits: 0, cover: 0 }));
  const { feature, nodeCount } = model.trees;
  for (let k = 0; k < feature.length; k++) {
    const use = uses[feature[k]!]!;
    use.splits++;
    use.cover += nodeCount[k]!;
  }
  return uses.sort((a, b) => b.splits - a.splits || b.cover - a.cover || a.feature.localeCompare(b.feature));
}
