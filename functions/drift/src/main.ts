/** Start-up of the drift function: configuration once, then serve on PORT. */
import { datasets, registeredModelName } from '@tabular-ct/core';
import { createDecisionMetrics, createFunctionMetrics, createMlflowClient, createPool, createRouter, jsonLog, loadConfig, serve } from '@tabular-ct/platform';
import { driftRoutes } from './routes.ts';

const config = loadConfig(process.env, ['database', 'mlflow', 'pipelineAuth', 'http']);
const cleanPool = createPool(config.database.cleanUrl, { max: config.database.poolSize, statementTimeoutMs: config.database.statementTimeoutMs });
const metrics = createFunctionMetrics('drift');
const decisions = createDecisionMetrics(metrics.registry, Object.keys(datasets), ['train', 'skip']);
const routes = driftRoutes({
  cleanPool,
  mlflow: createMlflowClient(config.mlflow),
  log: jsonLog,
  modelName: (dataset) => registeredModelName(dataset, config.mlflow.modelNamePrefix),
  decisions,
}, config.pipelineAuth.tokens);
await serve(createRouter('drift', routes, metrics, { corsOrigins: config.http.corsOrigins }), {
  port: config.http.port,
  host: config.http.host,
  name: 'drift',
  log: jsonLog,
  onShutdown: () => cleanPool.end(),
});
