import { type } from 'arktype';

/** One entry of an artifact listing; `path` is relative to the listed directory. */
export const mlflowFileInfo = type({
  path: 'string',
  is_dir: 'boolean',
  'file_size?': 'number',
});

/** `GET mlflow-artifacts/artifacts?path=`: the list is left out for an empty or missing directory. */
export const mlflowListArtifactsResponse = type({ 'files?': mlflowFileInfo.array() });

export type MlflowFileInfo = typeof mlflowFileInfo.infer;
