import { datasets, registeredModelName, type MlflowConfig, type MlflowModelVersion, type PredictorConfig } from '@tabular-ct/core';
import {
  createFunctionMetrics,
  createInferenceLog,
  createMlflowClient,
  createPredictorMetrics,
  createRouter,
  type FunctionMetrics,
  type Log,
  type ObjectStore,
  type Pool,
  type RequestListener,
} from '@tabular-ct/platform';
import { loadServedModel } from './load-served-model.ts';
import { createModelHolder, type CheckOutcome, type ModelHolder } from './model-holder.ts';
import { oipErrorBody } from './oip.ts';
import type { PredictDeps } from './predict-rows.ts';
import { predictRoutes } from './routes.ts';
import { createRunBatcher } from './run-batcher.ts';
import { keepWebhook } from './keep-webhook.ts';
import { webhookRoutes } from './webhook-route.ts';

/**
 * The largest request body: a batch of MAX_ROWS records of the widest dataset, with a margin.
 * 100,000 diabetes records (47 columns) are 34.3 MiB of JSON, over the other functions' 32 MiB;
 * the predictor's memory limit is sized from its peak on such a batch (docs/benchmarks.md,
 * "The whole cycle at course scale"), so a larger body is refused rather than measured.
 */
const MAX_BODY_BYTES = 40 * 1024 * 1024;

interface Predictor {
  listener: RequestListener;
  holder: ModelHolder;
  /** What POST /predict runs on, for callers that predict in process (the serving benchmark). */
  deps: PredictDeps;
  /**
   * The first load, and the MLflow webhook kept pointing here when PREDICTOR_WEBHOOK_URL is set
   * (resolves once both have been tried; serving does not wait for it).
   */
  start(): Promise<CheckOutcome>;
  /** Writes buffered inference-log rows now (tests count rows after it). */
  flushLog(): Promise<void>;
  /** After the last request: stop polling and webhook retries, write the inference log, release the session. */
  shutdown(): Promise<void>;
}

// Rows per merged session run: on the 300-tree benchmark model the cost per row stops falling
// at 32-64 rows (6-8 us, against 62 us for a run of one), and 64 keeps one run near 0.4 ms.
const BATCH_ROWS = 64;

/**
 * Wires the predictor: the model holder on the MLflow alias, the RAW inference log, the
 * metrics and the routes. main.ts serves it; the integration test serves the same wiring.
 */
export function createPredictor(options: {
  predictor: PredictorConfig;
  mlflow: MlflowConfig;
  rawPool: Pool;
  /** Where the inference log writes the rows RAW refuses (dead-letter/inference-log/). */
  store: ObjectStore;
  log: Log;
  corsOrigins?: readonly string[];
  /** The function's registry, when start-up made it; otherwise the predictor makes its own. */
  metrics?: FunctionMetrics;
}): Predictor {
  const { predictor: config, log } = options;
  const spec = datasets[config.dataset];
  const mlflow = createMlflowClient(options.mlflow);
  const functionMetrics = options.metrics ?? createFunctionMetrics('predict');
  const metrics = createPredictorMetrics(functionMetrics.registry);
  const target = { name: config.modelName || registeredModelName(config.dataset, options.mlflow.modelNamePrefix), alias: config.alias };
  const inferenceLog = createInferenceLog(options.rawPool, {
    batchSize: config.logBatchSize,
    flushMs: config.logFlushMs,
    maxBacklog: config.logMaxBacklog,
    log,
    deadLetterStore: options.store,
    onBacklog: metrics.setLogBacklog,
    onDropped: metrics.countLogDropped,
    onDeadLettered: metrics.countLogDeadLettered,
  });
  // The alias answers with the whole version: loading reuses it rather than asking MLflow again.
  let resolved: MlflowModelVersion | undefined;
  const holder = createModelHolder({
    ...target,
    pollSeconds: config.pollSeconds,
    resolve: async () => (resolved = await mlflow.registry.findVersionByAlias(target.name, target.alias))?.version,
    load: (version) => loadServedModel(mlflow, spec, target, resolved?.version === version ? resolved : version, log),
    metrics,
    log,
  });
  const batcher = createRunBatcher({ maxRows: BATCH_ROWS, onRun: metrics.observeSessionRun });
  const deps: PredictDeps = { spec, holder, inferenceLog, metrics, batcher };
  const routes = {
    ...predictRoutes({ ...deps, name: target.name, reloadTokens: config.reloadTokens }),
    ...webhookRoutes({ holder, ...target, secret: config.webhookSecret, log }),
  };
  const webhook = config.webhookUrl === '' ? undefined : keepWebhook({ webhooks: mlflow.webhooks, target, url: config.webhookUrl, secret: config.webhookSecret, log });
  return {
    listener: createRouter('predict', routes, functionMetrics, { log, corsOrigins: options.corsOrigins ?? [], errorBody: oipErrorBody, maxBodyBytes: MAX_BODY_BYTES }),
    holder,
    deps,
    async start() {
      const [first] = await Promise.all([holder.start(), webhook?.start()]);
      return first;
    },
    flushLog: () => inferenceLog.flush(),
    async shutdown() {
      webhook?.stop();
      await holder.stop();
      await inferenceLog.close();
    },
  };
}
