/** Start-up of the drift function: configuration once, then serve on PORT. */
import { datasets } from '@tabular-ct/core';
import { createDecisionMetrics, modelRegistry, startFunction } from '@tabular-ct/platform';
import { driftRoutes } from './routes.ts';

await startFunction('drift', ['database', 'mlflow', 'pipelineAuth'], ({ config, metrics, log, pool }) => ({
  routes: driftRoutes({
    cleanPool: pool(config.database.cleanUrl),
    ...modelRegistry(config.mlflow),
    log,
    decisions: createDecisionMetrics(metrics.registry, Object.keys(datasets), ['train', 'skip']),
  }, config.pipelineAuth.tokens),
}));
