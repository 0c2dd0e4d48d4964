import { registeredModelName, type MlflowConfig } from '@tabular-ct/core';
import { createArtifacts, type MlflowArtifacts } from './artifacts.ts';
import { createExperiments, type MlflowExperiments } from './experiments.ts';
import { createMlflowHttp, type Fetch } from './http.ts';
import { createLoggedModels, type MlflowLoggedModels } from './logged-models.ts';
import { createRegistry, type MlflowRegistry } from './registry.ts';
import { createRuns, type MlflowRuns } from './runs.ts';
import { createWebhooks, type MlflowWebhooks } from './webhooks.ts';

/**
 * A typed client of MLflow 3's REST API: tracking, logged models, artifacts through the
 * server, the registry and its webhooks.
 *
 * Failures are thrown as AppError, not returned as Result: like the object store, this is an
 * adapter whose callers (handlers, the predictor's start-up) almost always propagate the
 * failure to the HTTP wrapper, which renders an AppError as it is. Where absence is an
 * ordinary answer the client has `find*` methods that return undefined instead of throwing
 * `not_found`. Codes: upstream_unavailable (unreachable, timed out), not_found, conflict,
 * invalid_request (MLflow refused our input), upstream_error (any other error answer, or an
 * answer that does not match its schema).
 */
export interface MlflowClient {
  experiments: MlflowExperiments;
  runs: MlflowRuns;
  loggedModels: MlflowLoggedModels;
  artifacts: MlflowArtifacts;
  registry: MlflowRegistry;
  webhooks: MlflowWebhooks;
}

/** Builds the client from MLFLOW_TRACKING_URI, MLFLOW_TIMEOUT_MS and MLflow's credentials, if any; `fetch` can be swapped (tests of the network). */
export function createMlflowClient(config: Pick<MlflowConfig, 'trackingUri' | 'timeoutMs' | 'credentials'>, options: { fetch?: Fetch } = {}): MlflowClient {
  const http = createMlflowHttp(config, options.fetch);
  const artifacts = createArtifacts(http);
  return {
    experiments: createExperiments(http),
    runs: createRuns(http),
    loggedModels: createLoggedModels(http, artifacts),
    artifacts,
    registry: createRegistry(http),
    webhooks: createWebhooks(http),
  };
}

/** What a function that reads or writes a dataset's registered model needs: the client, and the model's name per dataset. */
export interface ModelRegistry {
  mlflow: MlflowClient;
  /** The registered model of a dataset: registeredModelName in production, a test-only name in tests. */
  modelName: (dataset: string) => string;
}

export function modelRegistry(config: MlflowConfig): ModelRegistry {
  return { mlflow: createMlflowClient(config), modelName: (dataset) => registeredModelName(dataset, config.modelNamePrefix) };
}
