/** Start-up of the explain function: configuration once, then serve on PORT. */
import { registeredModelName } from '@tabular-ct/core';
import { createFunctionMetrics, createMlflowClient, createPool, createRouter, jsonLog, loadConfig, serve } from '@tabular-ct/platform';
import { createExplainService } from './explain-service.ts';
import { explainRoutes } from './routes.ts';

const config = loadConfig(process.env, ['database', 'mlflow', 'http']);
const cleanPool = createPool(config.database.cleanUrl, { max: config.database.poolSize, statementTimeoutMs: config.database.statementTimeoutMs });
const service = createExplainService({
  cleanPool,
  mlflow: createMlflowClient(config.mlflow),
  log: jsonLog,
  modelName: (dataset) => registeredModelName(dataset, config.mlflow.modelNamePrefix),
});
await serve(createRouter('explain', explainRoutes(service), createFunctionMetrics('explain'), { corsOrigins: config.http.corsOrigins }), {
  port: config.http.port,
  host: config.http.host,
  name: 'explain',
  log: jsonLog,
  onShutdown: async () => {
    await service.close();
    await cleanPool.end();
  },
});
