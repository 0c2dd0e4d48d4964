/** Start-up of the train function: configuration once, then serve on PORT. */
import { modelRegistry, createS3ObjectStore, startFunction } from '@tabular-ct/platform';
import { trainRoutes } from './routes.ts';

await startFunction('train', ['database', 'objectStore', 'mlflow', 'pipelineAuth', 'stepLease'], ({ config, log, pool }) => ({
  routes: trainRoutes({
    cleanPool: pool(config.database.cleanUrl),
    store: createS3ObjectStore(config.objectStore),
    bucket: config.objectStore.bucket,
    ...modelRegistry(config.mlflow),
    log,
    leaseWaitMs: config.stepLease.waitMs,
  }, config.pipelineAuth.tokens),
}));
