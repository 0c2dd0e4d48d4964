/** Start-up of the history function: configuration once, then serve on PORT. */
import { registeredModelName } from '@tabular-ct/core';
import { createMlflowClient, startFunction } from '@tabular-ct/platform';
import { historyRoutes } from './routes.ts';

await startFunction('history', ['database', 'mlflow'], ({ config, pool }) => ({
  routes: historyRoutes({ cleanPool: pool(config.database.cleanUrl), mlflow: createMlflowClient(config.mlflow), modelName: (dataset) => registeredModelName(dataset, config.mlflow.modelNamePrefix) }),
}));
