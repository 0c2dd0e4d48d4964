import { modelFeatures, modelInputs, type DatasetSpec, type ModelInput } from '@tabular-ct/core';

/** The inputs of a model that takes every feature of the dataset, as tests serve it. */
export function allInputs(spec: DatasetSpec): ModelInput[] {
  const inputs = modelInputs(spec, modelFeatures(spec));
  if (!inputs.ok) throw new Error(inputs.error);
  return inputs.value;
}
