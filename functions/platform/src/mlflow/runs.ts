import {
  AppError,
  mlflowDatasetInput,
  mlflowEmptyResponse,
  mlflowMetric,
  mlflowParam,
  mlflowRunResponse,
  mlflowSearchRunsResponse,
  mlflowTag,
  mlflowUpdateRunResponse,
  parseOrThrow,
  type MlflowDatasetInput,
  type MlflowMetric,
  type MlflowParam,
  type MlflowRun,
  type MlflowRunInfo,
  type MlflowRunStatus,
  type MlflowTag,
} from '@tabular-ct/core';
import type { MlflowHttp } from './http.ts';
import { chunkLogBatch } from './log-batch-chunks.ts';

/** A metric point to log; timestamp defaults to now (ms since the epoch), step to 0. */
export type MetricInput = Omit<MlflowMetric, 'timestamp' | 'step'> & { timestamp?: number; step?: number };

// MAX_DATASETS_PER_BATCH in mlflow/utils/validation.py.
const DATASETS_PER_REQUEST = 1000;

export interface MlflowRuns {
  /** Starts a run (status RUNNING) in an experiment. */
  create(input: { experimentId: string; runName?: string; startTime?: number; tags?: MlflowTag[] }): Promise<MlflowRun>;
  /** A run with its metrics (latest value of each key), params, tags and dataset inputs. */
  get(runId: string): Promise<MlflowRun>;
  /**
   * Logs metrics, params and tags in as many log-batch requests as MLflow's limits need.
   * Everything is checked before the first request, so invalid input logs nothing.
   */
  logBatch(runId: string, entities: { metrics?: MetricInput[]; params?: MlflowParam[]; tags?: MlflowTag[] }): Promise<void>;
  /** Records the datasets a run used (name, digest, source, optional schema and profile). */
  logInputs(runId: string, datasets: MlflowDatasetInput[]): Promise<void>;
  /** Names logged models as the run's outputs, as MLflow 3's `log_model` does: the run's page lists them. */
  logOutputs(runId: string, models: { modelId: string; step?: number }[]): Promise<void>;
  /** Sets a run's status, typically FINISHED or FAILED with its end time (default now). */
  update(runId: string, input: { status: MlflowRunStatus; endTime?: number; runName?: string }): Promise<MlflowRunInfo>;
  /** Runs of some experiments matching an MLflow filter (`tags.k = 'v' AND attributes.status = 'RUNNING'`), one page at a time. */
  search(input: { experimentIds: string[]; filter?: string; maxResults?: number; pageToken?: string }): Promise<{ runs: MlflowRun[]; nextPageToken?: string }>;
}

export function createRuns(http: MlflowHttp): MlflowRuns {
  return {
    async create({ experimentId, runName, startTime, tags }) {
      const body = { experiment_id: experimentId, run_name: runName, start_time: startTime ?? Date.now(), tags: tags ?? [] };
      return (await http.json('POST', 'mlflow/runs/create', mlflowRunResponse, { body })).run;
    },

    async get(runId) {
      return (await http.json('GET', 'mlflow/runs/get', mlflowRunResponse, { query: { run_id: runId } })).run;
    },

    async logBatch(runId, entities) {
      const now = Date.now();
      const metrics = (entities.metrics ?? []).map((m) => ({ ...m, timestamp: m.timestamp ?? now, step: m.step ?? 0 }));
      const checked = {
        metrics: parseOrThrow(mlflowMetric.array(), metrics, 'metrics'),
        params: parseOrThrow(mlflowParam.array(), entities.params ?? [], 'params'),
        tags: parseOrThrow(mlflowTag.array(), entities.tags ?? [], 'tags'),
      };
      if (checked.metrics.some((m) => !Number.isFinite(m.value))) {
        // JSON has no NaN or Infinity: MLflow would get null and refuse the whole batch.
        throw new AppError('invalid_request', 'metrics must be finite numbers', { keys: checked.metrics.filter((m) => !Number.isFinite(m.value)).map((m) => m.key) });
      }
      // One request after another: a failure stops before the later chunks, and a large
      // batch does not take every connection of the server at once.
      for (const chunk of chunkLogBatch(checked)) {
        await http.json('POST', 'mlflow/runs/log-batch', mlflowEmptyResponse, { body: { run_id: runId, ...chunk } });
      }
    },

    async logInputs(runId, datasets) {
      const checked = parseOrThrow(mlflowDatasetInput.array(), datasets, 'datasets');
      for (let start = 0; start < checked.length; start += DATASETS_PER_REQUEST) {
        const body = { run_id: runId, datasets: checked.slice(start, start + DATASETS_PER_REQUEST) };
        await http.json('POST', 'mlflow/runs/log-inputs', mlflowEmptyResponse, { body });
      }
    },

    async logOutputs(runId, models) {
      const body = { run_id: runId, models: models.map((m) => ({ model_id: m.modelId, step: m.step ?? 0 })) };
      await http.json('POST', 'mlflow/runs/outputs', mlflowEmptyResponse, { body });
    },

    async update(runId, { status, endTime, runName }) {
      const finished = status !== 'RUNNING' && status !== 'SCHEDULED';
      const body = { run_id: runId, status, end_time: endTime ?? (finished ? Date.now() : undefined), run_name: runName };
      return (await http.json('POST', 'mlflow/runs/update', mlflowUpdateRunResponse, { body })).run_info;
    },

    async search({ experimentIds, filter, maxResults, pageToken }) {
      const body = { experiment_ids: experimentIds, filter, max_results: maxResults, page_token: pageToken };
      const answer = await http.json('POST', 'mlflow/runs/search', mlflowSearchRunsResponse, { body });
      return { runs: answer.runs ?? [], ...(answer.next_page_token ? { nextPageToken: answer.next_page_token } : {}) };
    },
  };
}
