/** Start-up of the promote function: configuration once, then serve on PORT. */
import { datasets, registeredModelName } from '@tabular-ct/core';
import { createDecisionMetrics, createFunctionMetrics, createMlflowClient, createPool, createRouter, jsonLog, loadConfig, serve } from '@tabular-ct/platform';
import { promoteRoutes } from './routes.ts';

const config = loadConfig(process.env, ['database', 'mlflow', 'pipelineAuth', 'stepLease', 'http']);
const cleanPool = createPool(config.database.cleanUrl, { max: config.database.poolSize, statementTimeoutMs: config.database.statementTimeoutMs });
const metrics = createFunctionMetrics('promote');
const decisions = createDecisionMetrics(metrics.registry, Object.keys(datasets), ['promote', 'reject']);
const routes = promoteRoutes({
  cleanPool,
  mlflow: createMlflowClient(config.mlflow),
  log: jsonLog,
  modelName: (dataset) => registeredModelName(dataset, config.mlflow.modelNamePrefix),
  decisions,
  leaseWaitMs: config.stepLease.waitMs,
}, config.pipelineAuth.tokens);
await serve(createRouter('promote', routes, metrics, { corsOrigins: config.http.corsOrigins }), {
  port: config.http.port,
  host: config.http.host,
  name: 'promote',
  log: jsonLog,
  onShutdown: () => cleanPool.end(),
});
