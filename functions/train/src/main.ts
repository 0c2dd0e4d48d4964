/** Start-up of the train function: configuration once, then serve on PORT. */
import { registeredModelName } from '@tabular-ct/core';
import { createFunctionMetrics, createMlflowClient, createPool, createRouter, createS3ObjectStore, jsonLog, loadConfig, serve } from '@tabular-ct/platform';
import { trainRoutes } from './routes.ts';

const config = loadConfig(process.env, ['database', 'objectStore', 'mlflow', 'pipelineAuth', 'stepLease', 'http']);
const cleanPool = createPool(config.database.cleanUrl, { max: config.database.poolSize, statementTimeoutMs: config.database.statementTimeoutMs });
const routes = trainRoutes({
  cleanPool,
  store: createS3ObjectStore(config.objectStore),
  bucket: config.objectStore.bucket,
  mlflow: createMlflowClient(config.mlflow),
  log: jsonLog,
  modelName: (dataset) => registeredModelName(dataset, config.mlflow.modelNamePrefix),
  leaseWaitMs: config.stepLease.waitMs,
}, config.pipelineAuth.tokens);
await serve(createRouter('train', routes, createFunctionMetrics('train'), { corsOrigins: config.http.corsOrigins }), {
  port: config.http.port,
  host: config.http.host,
  name: 'train',
  log: jsonLog,
  onShutdown: () => cleanPool.end(),
});
