import { type } from 'arktype';
import { mlflowDatasetInput } from './dataset.ts';
import { mlflowMetric, mlflowParam, mlflowTag } from './run-data.ts';

/** The states of a run; a run is created RUNNING and ended with one of the others. */
export const mlflowRunStatus = type("'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED'");

/** A run's identity and state; times in milliseconds since the epoch. */
export const mlflowRunInfo = type({
  run_id: 'string',
  experiment_id: 'string',
  'run_name?': 'string',
  status: mlflowRunStatus,
  'start_time?': 'number',
  'end_time?': 'number',
  'artifact_uri?': 'string',
  lifecycle_stage: 'string',
});

/** A run as runs/get and runs/create answer it. MLflow leaves out empty lists, hence the optional keys. */
export const mlflowRun = type({
  info: mlflowRunInfo,
  data: {
    'metrics?': mlflowMetric.array(),
    'params?': mlflowParam.array(),
    'tags?': mlflowTag.array(),
  },
  'inputs?': { 'dataset_inputs?': mlflowDatasetInput.array() },
});

/** `POST runs/create` and `GET runs/get`. */
export const mlflowRunResponse = type({ run: mlflowRun });

/** `POST runs/update`. */
export const mlflowUpdateRunResponse = type({ run_info: mlflowRunInfo });

export type MlflowRunStatus = typeof mlflowRunStatus.infer;
export type MlflowRunInfo = typeof mlflowRunInfo.infer;
export type MlflowRun = typeof mlflowRun.infer;

/** `POST runs/search`: one page; MLflow leaves out `runs` when none match. */
export const mlflowSearchRunsResponse = type({ 'runs?': mlflowRun.array(), 'next_page_token?': 'string' });
