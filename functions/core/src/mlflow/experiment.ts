import { type } from 'arktype';
import { mlflowTag } from './run-data.ts';

/** An MLflow experiment; `lifecycle_stage` is `active` or `deleted` (a deleted one keeps its name). */
export const mlflowExperiment = type({
  experiment_id: 'string',
  name: 'string',
  'artifact_location?': 'string',
  lifecycle_stage: 'string',
  'creation_time?': 'number',
  'last_update_time?': 'number',
  'tags?': mlflowTag.array(),
});

/** `GET experiments/get-by-name`. */
export const mlflowGetExperimentResponse = type({ experiment: mlflowExperiment });

/** `POST experiments/create`. */
export const mlflowCreateExperimentResponse = type({ experiment_id: 'string' });

export type MlflowExperiment = typeof mlflowExperiment.infer;
