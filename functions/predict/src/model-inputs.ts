import { AppError, modelFeatures, type ColumnSpec, type DatasetSpec, type ModelFeature } from '@tabular-ct/core';

/** One input of the served model: how its value is encoded, and the dataset column that says what a valid value is. */
export interface ModelInput {
  feature: ModelFeature;
  column: ColumnSpec;
}

/**
 * The model's inputs in the order its feature_spec.json lists them, each matched to the
 * dataset's column: a model that expects a feature the dataset does not have, or with
 * another kind, cannot be served (its load fails and the previous version keeps serving).
 */
export function modelInputs(spec: DatasetSpec, features: ReadonlyArray<{ name: string; kind: string }>): ModelInput[] {
  const byName = new Map(modelFeatures(spec).map((f) => [f.name, f]));
  return features.map((f) => {
    const feature = byName.get(f.name);
    const column = spec.columns.find((c) => c.name === f.name);
    if (!feature || !column) throw new AppError('upstream_error', `the model expects a feature ${f.name} that ${spec.name} does not have`);
    if (feature.kind !== f.kind) throw new AppError('upstream_error', `the model takes ${f.name} as ${f.kind}, ${spec.name} says ${feature.kind}`);
    return { feature, column };
  });
}
