import type { LoadedModel } from '@tabular-ct/platform';
import type { ModelInput, ModelMetadata } from '@tabular-ct/core';

/** A model version ready to answer: the session, its validated inputs and what GET /model shows of it. */
export interface ServedModel {
  name: string;
  version: string;
  model: LoadedModel;
  inputs: ModelInput[];
  /** Name of the graph's output tensor (feature_spec.json's `output.name`). */
  outputName: string;
  metadata: ModelMetadata;
}
