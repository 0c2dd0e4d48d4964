/** Start-up of the promote function: configuration once, then serve on PORT. */
import { datasets } from '@tabular-ct/core';
import { createDecisionMetrics, modelRegistry, startFunction } from '@tabular-ct/platform';
import { promoteRoutes } from './routes.ts';

await startFunction('promote', ['database', 'mlflow', 'pipelineAuth', 'stepLease'], ({ config, metrics, log, pool }) => ({
  routes: promoteRoutes({
    cleanPool: pool(config.database.cleanUrl),
    ...modelRegistry(config.mlflow),
    log,
    decisions: createDecisionMetrics(metrics.registry, Object.keys(datasets), ['promote', 'reject']),
    leaseWaitMs: config.stepLease.waitMs,
  }, config.pipelineAuth.tokens),
}));
