import type { DerivedFeature } from '@tabular-ct/core';
import type { GbdtModel } from '../gbdt/model.ts';
import { graphInputs, inGraphDerived } from './derived-onnx.ts';
import { PREDICTION_OUTPUT } from './export-onnx.ts';

/** The feature specification shipped beside model.onnx: what the graph expects and returns. */
export interface FeatureSpecFile {
  readonly format: 'tabular-ct.feature-spec/1';
  readonly objective: GbdtModel['objective'];
  readonly targetTransform: GbdtModel['targetTransform'];
  readonly output: { readonly name: string; readonly meaning: string };
  /** The graph's inputs, in order: the raw columns callers send. */
  readonly features: readonly {
    readonly name: string;
    readonly kind: 'numeric' | 'categorical';
    readonly dtype: 'float64' | 'string';
    readonly missing: string;
    readonly categories?: readonly string[];
    /** A column the model reads only through the derived features named here. */
    readonly derivedOnly?: readonly string[];
  }[];
  /** Model features the graph computes from one input each (the rules are in derived_features.json). */
  readonly derived: readonly {
    readonly name: string;
    readonly kind: 'numeric' | 'categorical';
    readonly source: string;
    readonly op: DerivedFeature['rule']['op'];
    readonly categories?: readonly string[];
  }[];
  readonly trees: number;
}

const MISSING_TEXT = "'' (empty string); unseen categories are treated like missing";

/** Builds the feature specification of a model whose features named like `derived` are computed in the graph. */
export function featureSpecFile(model: GbdtModel, derived: readonly DerivedFeature[] = []): FeatureSpecFile {
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
