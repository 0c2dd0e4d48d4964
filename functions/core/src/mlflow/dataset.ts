import { type } from 'arktype';

// A dataset as runs/log-inputs takes it. `source` is a JSON string whose meaning depends on
// `source_type` (for `s3`: {"uri": "s3://..."}); `schema` and `profile` are JSON strings too.
// Limits from mlflow/utils/validation.py (the digest column holds 36 characters).

/** A dataset a run used: identified by name and digest, located by its source. */
export const mlflowDataset = type({
  name: '0 < string <= 500',
  digest: '0 < string <= 36',
  source_type: 'string > 0',
  source: 'string <= 65535',
  'schema?': 'string',
  'profile?': 'string',
});

/** A tag on a run's use of a dataset; `mlflow.data.context` says how (`training`, `eval`). */
export const mlflowInputTag = type({ key: '0 < string <= 255', value: 'string <= 500' });

/** One dataset input of a run: the dataset and the tags of its use. */
export const mlflowDatasetInput = type({
  dataset: mlflowDataset,
  'tags?': mlflowInputTag.array(),
});

export type MlflowDataset = typeof mlflowDataset.infer;
export type MlflowInputTag = typeof mlflowInputTag.infer;
export type MlflowDatasetInput = typeof mlflowDatasetInput.infer;
