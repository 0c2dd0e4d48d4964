import type { ColumnSpec, DatasetSpec } from '../datasets/dataset-spec.ts';
import { modelFeatures, type ModelFeature } from '../datasets/model-features.ts';
import { err, ok, type Result } from '../errors/result.ts';
import type { GraphInput } from './feature-spec.ts';

/** One input of a model: how its value is encoded, and the dataset column that says what a valid value is. */
export interface ModelInput {
  feature: ModelFeature;
  column: ColumnSpec;
}

/**
 * A model's inputs in the order its feature_spec.json lists them, each matched to the
 * dataset's column: what predict, explain and promote encode records with. A model that
 * expects a feature the dataset does not have, or takes one as another kind, was not trained
 * on this dataset; the error names the feature, for the caller to answer as an upstream fault.
 */
export function modelInputs(spec: DatasetSpec, listed: ReadonlyArray<Pick<GraphInput, 'name' | 'kind'>>): Result<ModelInput[], string> {
  const byName = new Map(datasetInputs(spec).map((input) => [input.feature.name, input]));
  const inputs: ModelInput[] = [];
  for (const [i, f] of listed.entries()) {
    const input = byName.get(f.name);
    if (!input) return err(`feature_spec.json: features[${i}] is ${f.name}, which ${spec.name} does not have`);
    if (input.feature.kind !== f.kind) return err(`feature_spec.json: features[${i}] takes ${f.name} as ${f.kind}, ${spec.name} says ${input.feature.kind}`);
    inputs.push(input);
  }
  return ok(inputs);
}

// Specifications are constants: their inputs are built once, and the same array keeps
// validateRecords' per-inputs name cache warm across requests.
const inputsOf = new WeakMap<DatasetSpec, readonly ModelInput[]>();

/** Every feature of the dataset as an input, in specification order: what a request is checked against before a model is chosen. */
export function datasetInputs(spec: DatasetSpec): readonly ModelInput[] {
  let inputs = inputsOf.get(spec);
  if (!inputs) inputsOf.set(spec, (inputs = modelFeatures(spec).map((feature) => ({ feature, column: spec.columns.find((c) => c.name === feature.name)! }))));
  return inputs;
}
