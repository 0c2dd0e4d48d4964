import type { GbdtModel } from '../model.ts';
import { PREDICTION_OUTPUT } from './export-onnx.ts';

/** The feature specification shipped beside model.onnx: what the graph expects and returns. */
export interface FeatureSpecFile {
  readonly format: 'tabular-ct.feature-spec/1';
  readonly objective: GbdtModel['objective'];
  readonly targetTransform: GbdtModel['targetTransform'];
  readonly output: { readonly name: string; readonly meaning: string };
  readonly features: readonly {
    readonly name: string;
    readonly kind: 'numeric' | 'categorical';
    readonly dtype: 'float64' | 'string';
    readonly missing: string;
    readonly categories?: readonly string[];
  }[];
  readonly trees: number;
}

/** Builds the feature specification of a model. */
export function featureSpecFile(model: GbdtModel): FeatureSpecFile {
  return {
    format: 'tabular-ct.feature-spec/1',
    objective: model.objective,
    targetTransform: model.targetTransform,
    output: {
      name: PREDICTION_OUTPUT,
      meaning: model.objective === 'binary' ? 'probability of the positive class' : "prediction in the target's units",
    },
    features: model.features.map((f) =>
      f.kind === 'numeric'
        ? { name: f.name, kind: f.kind, dtype: 'float64', missing: 'NaN' }
        : { name: f.name, kind: f.kind, dtype: 'string', missing: "'' (empty string); unseen categories are treated like missing", categories: f.categories ?? [] },
    ),
    trees: model.trees.roots.length,
  };
}
