/** Start-up of the drift function: configuration once, then serve on PORT. */
import { datasets, registeredModelName } from '@tabular-ct/core';
import { createDecisionMetrics, createMlflowClient, startFunction } from '@tabular-ct/platform';
import { driftRoutes } from './routes.ts';

await startFunction('drift', ['database', 'mlflow', 'pipelineAuth'], ({ config, metrics, log, pool }) => ({
  routes: driftRoutes({
    cleanPool: pool(config.database.cleanUrl),
    mlflow: createMlflowClient(config.mlflow),
    log,
    modelName: (dataset) => registeredModelName(dataset, config.mlflow.modelNamePrefix),
    decisions: createDecisionMetrics(metrics.registry, Object.keys(datasets), ['train', 'skip']),
  }, config.pipelineAuth.tokens),
}));
