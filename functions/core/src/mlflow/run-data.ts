import { type } from 'arktype';

// The key/value entities of a run, as MLflow's REST API carries them both ways (log-batch
// requests, runs/get answers). Length limits are the server's (mlflow/utils/validation.py):
// checking them here turns a late 400 from MLflow into an early, named invalid_request.

/** A run tag, also the shape of experiment, registered-model and model-version tags. */
export const mlflowTag = type({ key: '0 < string <= 250', value: 'string <= 8000' });

/** A run parameter: immutable once logged. */
export const mlflowParam = type({ key: '0 < string <= 250', value: 'string <= 6000' });

/**
 * One metric point: timestamp in milliseconds since the epoch, step a training iteration.
 * With `model_id` MLflow 3 also records the point on that logged model (its page and
 * `search_logged_models` read it there), and `dataset_name` with `dataset_digest` say which
 * dataset it was measured on.
 */
export const mlflowMetric = type({
  key: '0 < string <= 250',
  value: 'number',
  timestamp: 'number.integer',
  step: 'number.integer',
  'model_id?': 'string > 0',
  'dataset_name?': 'string > 0',
  'dataset_digest?': 'string > 0',
});

export type MlflowTag = typeof mlflowTag.infer;
export type MlflowParam = typeof mlflowParam.infer;
export type MlflowMetric = typeof mlflowMetric.infer;
