import { type } from 'arktype';
import { mlflowTag } from './run-data.ts';

/**
 * The life of an MLflow 3 logged model: created PENDING, files uploaded to its artifact
 * location, then finalized READY (or UPLOAD_FAILED). Only READY models are complete.
 */
export const mlflowLoggedModelStatus = type(
  "'LOGGED_MODEL_STATUS_UNSPECIFIED' | 'LOGGED_MODEL_PENDING' | 'LOGGED_MODEL_READY' | 'LOGGED_MODEL_UPLOAD_FAILED'",
);

/** A logged model (`POST logged-models`, `GET|PATCH logged-models/{model_id}`). */
export const mlflowLoggedModel = type({
  info: {
    model_id: 'string',
    experiment_id: 'string',
    name: 'string',
    artifact_uri: 'string',
    status: mlflowLoggedModelStatus,
    'source_run_id?': 'string',
    'model_type?': 'string',
    'creation_timestamp_ms?': 'number',
    'last_updated_timestamp_ms?': 'number',
    'tags?': mlflowTag.array(),
  },
  'data?': {
    'params?': type({ key: 'string', value: 'string' }).array(),
  },
});

/** Every logged-model endpoint answers `{model}`. */
export const mlflowLoggedModelResponse = type({ model: mlflowLoggedModel });

export type MlflowLoggedModelStatus = typeof mlflowLoggedModelStatus.infer;
export type MlflowLoggedModel = typeof mlflowLoggedModel.infer;
