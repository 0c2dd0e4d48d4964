import { type } from 'arktype';

// The key/value entities of a run, as MLflow's REST API carries them both ways (log-batch
// requests, runs/get answers). Length limits are the server's (mlflow/utils/validation.py):
// checking them here turns a late 400 from MLflow into an early, named invalid_request.

/** A run tag, also the shape of experiment, registered-model and model-version tags. */
export const mlflowTag = type({ key: '0 < string <= 250', value: 'string <= 8000' });

/** A run parameter: immutable once logged. */
export const mlflowParam = type({ key: '0 < string <= 250', value: 'string <= 6000' });

/** One metric point: timestamp in milliseconds since the epoch, step a training iteration. */
export const mlflowMetric = type({
  key: '0 < string <= 250',
  value: 'number',
  timestamp: 'number.integer',
  step: 'number.integer',
});

export type MlflowTag = typeof mlflowTag.infer;
export type MlflowParam = typeof mlflowParam.infer;
export type MlflowMetric = typeof mlflowMetric.infer;
