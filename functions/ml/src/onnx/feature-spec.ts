import type { DerivedFeature, FeatureSpec } from '@tabular-ct/core';
import type { GbdtModel } from '../gbdt/model.ts';
import { graphInputs, inGraphDerived } from './derived-onnx.ts';
import { PREDICTION_OUTPUT } from './export-onnx.ts';

const MISSING_TEXT = "'' (empty string); unseen categories are treated like missing";

/**
 * The graph's part of feature_spec.json (its schema is core's feature-spec.ts): what the graph
 * takes and returns, for a model whose features named like `derived` are computed in the graph.
 */
export function featureSpecFile(model: GbdtModel, derived: readonly DerivedFeature[] = []): FeatureSpec {
  return {
    format: 'tabular-ct.feature-spec/1',
    objective: model.objective,
    targetTransform: model.targetTransform,
    output: {
      name: PREDICTION_OUTPUT,
      meaning: model.objective === 'binary' ? 'probability of the positive class' : "prediction in the target's units",
    },
    features: graphInputs(model, derived).map((i) => {
      const f = i.feature;
      if (!f) return { name: i.name, kind: i.kind, dtype: 'string', missing: "'' (empty string)", derivedOnly: i.readBy };
      return f.kind === 'numeric'
        ? { name: f.name, kind: f.kind, dtype: 'float64', missing: 'NaN' }
        : { name: f.name, kind: f.kind, dtype: 'string', missing: MISSING_TEXT, categories: f.categories ?? [] };
    }),
    derived: inGraphDerived(model, derived).map(({ feature, derived: d }) =>
      feature.kind === 'categorical'
        ? { name: d.name, kind: d.kind, source: d.source, op: d.rule.op, categories: feature.categories ?? [] }
        : { name: d.name, kind: d.kind, source: d.source, op: d.rule.op },
    ),
    trees: model.trees.roots.length,
  };
}
