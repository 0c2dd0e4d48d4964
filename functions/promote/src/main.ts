/** Start-up of the promote function: configuration once, then serve on PORT. */
import { registeredModelName } from '@tabular-ct/core';
import { createFunctionMetrics, createMlflowClient, createPool, createRouter, jsonLog, loadConfig, serve } from '@tabular-ct/platform';
import { promoteRoutes } from './routes.ts';

const config = loadConfig(process.env, ['database', 'mlflow', 'http']);
const cleanPool = createPool(config.database.cleanUrl, { max: config.database.poolSize, statementTimeoutMs: config.database.statementTimeoutMs });
const routes = promoteRoutes({ cleanPool, mlflow: createMlflowClient(config.mlflow), log: jsonLog, modelName: registeredModelName });
await serve(createRouter('promote', routes, createFunctionMetrics('promote')), {
  port: config.http.port,
  host: config.http.host,
  name: 'promote',
  log: jsonLog,
  onShutdown: () => cleanPool.end(),
});
