/** Start-up of the history function: configuration once, then serve on PORT. */
import { registeredModelName } from '@tabular-ct/core';
import { createFunctionMetrics, createMlflowClient, createPool, createRouter, jsonLog, loadConfig, serve } from '@tabular-ct/platform';
import { historyRoutes } from './routes.ts';

const config = loadConfig(process.env, ['database', 'mlflow', 'http']);
const cleanPool = createPool(config.database.cleanUrl, { max: config.database.poolSize, statementTimeoutMs: config.database.statementTimeoutMs });
const routes = historyRoutes({ cleanPool, mlflow: createMlflowClient(config.mlflow), modelName: (dataset) => registeredModelName(dataset, config.mlflow.modelNamePrefix) });
await serve(createRouter('history', routes, createFunctionMetrics('history'), { corsOrigins: config.http.corsOrigins }), {
  port: config.http.port,
  host: config.http.host,
  name: 'history',
  log: jsonLog,
  onShutdown: () => cleanPool.end(),
});
