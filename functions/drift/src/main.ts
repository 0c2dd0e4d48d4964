/** Start-up of the drift function: configuration once, then serve on PORT. */
import { registeredModelName } from '@tabular-ct/core';
import { createFunctionMetrics, createMlflowClient, createPool, createRouter, jsonLog, loadConfig, serve } from '@tabular-ct/platform';
import { driftRoutes } from './routes.ts';

const config = loadConfig(process.env, ['database', 'mlflow', 'http']);
const cleanPool = createPool(config.database.cleanUrl, { max: config.database.poolSize, statementTimeoutMs: config.database.statementTimeoutMs });
const routes = driftRoutes({ cleanPool, mlflow: createMlflowClient(config.mlflow), log: jsonLog, modelName: registeredModelName });
await serve(createRouter('drift', routes, createFunctionMetrics('drift')), {
  port: config.http.port,
  host: config.http.host,
  name: 'drift',
  log: jsonLog,
  onShutdown: () => cleanPool.end(),
});
