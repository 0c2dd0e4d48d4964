import type { DatasetSpec, ModelInput, ModelMetadata } from '@tabular-ct/core';
import type { LoadedModel } from '@tabular-ct/platform';

/** The metadata of a loaded version, from its feature spec, the dataset's columns and its run's metrics. */
export function modelMetadata(
  spec: DatasetSpec,
  model: LoadedModel,
  inputs: readonly ModelInput[],
  context: { alias: string; metrics: Record<string, number> | null },
): ModelMetadata {
  const fs = model.featureSpec;
  const defaults = fs.defaults ?? null;
  const categories = new Map(fs.features.map((f) => [f.name, f.categories]));
  const notes: string[] = [];
  if (!defaults) notes.push('feature_spec.json of this version has no defaults: none are derived here');
  if (context.metrics === null) notes.push('the training run of this version could not be read: no metrics');
  return {
    model_name: model.name,
    model_version: model.version.version,
    alias: context.alias,
    run_id: model.version.run_id ?? null,
    dataset: spec.name,
    objective: fs.objective,
    output: fs.output,
    metrics: context.metrics,
    features: inputs.map(({ column }) => {
      const known = categories.get(column.name);
      return {
        name: column.name,
        type: column.kind === 'numeric' ? 'number' : column.kind === 'date' ? 'date' : 'category',
        required: column.required === true,
        ...(column.integer ? { integer: true } : {}),
        ...(column.min === undefined ? {} : { min: column.min }),
        ...(column.max === undefined ? {} : { max: column.max }),
        ...(column.allowed ? { allowed: column.allowed } : {}),
        ...(known ? { known_categories: known.length } : {}),
        ...(defaults && Object.hasOwn(defaults, column.name) ? { default: defaults[column.name]! } : {}),
      };
    }),
    defaults,
    notes,
  };
}
