/** Start-up of the train function: configuration once, then serve on PORT. */
import { registeredModelName } from '@tabular-ct/core';
import { createMlflowClient, createS3ObjectStore, startFunction } from '@tabular-ct/platform';
import { trainRoutes } from './routes.ts';

await startFunction('train', ['database', 'objectStore', 'mlflow', 'pipelineAuth', 'stepLease'], ({ config, log, pool }) => ({
  routes: trainRoutes({
    cleanPool: pool(config.database.cleanUrl),
    store: createS3ObjectStore(config.objectStore),
    bucket: config.objectStore.bucket,
    mlflow: createMlflowClient(config.mlflow),
    log,
    modelName: (dataset) => registeredModelName(dataset, config.mlflow.modelNamePrefix),
    leaseWaitMs: config.stepLease.waitMs,
  }, config.pipelineAuth.tokens),
}));
