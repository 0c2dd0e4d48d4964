/** Start-up of the promote function: configuration once, then serve on PORT. */
import { datasets, registeredModelName } from '@tabular-ct/core';
import { createDecisionMetrics, createMlflowClient, startFunction } from '@tabular-ct/platform';
import { promoteRoutes } from './routes.ts';

await startFunction('promote', ['database', 'mlflow', 'pipelineAuth', 'stepLease'], ({ config, metrics, log, pool }) => ({
  routes: promoteRoutes({
    cleanPool: pool(config.database.cleanUrl),
    mlflow: createMlflowClient(config.mlflow),
    log,
    modelName: (dataset) => registeredModelName(dataset, config.mlflow.modelNamePrefix),
    decisions: createDecisionMetrics(metrics.registry, Object.keys(datasets), ['promote', 'reject']),
    leaseWaitMs: config.stepLease.waitMs,
  }, config.pipelineAuth.tokens),
}));
