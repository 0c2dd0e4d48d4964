/** Start-up of the explain function: configuration once, then serve on PORT. */
import { registeredModelName } from '@tabular-ct/core';
import { createMlflowClient, startFunction } from '@tabular-ct/platform';
import { createExplainService } from './explain-service.ts';
import { explainRoutes } from './routes.ts';

await startFunction('explain', ['database', 'mlflow'], ({ config, log, pool }) => {
  const service = createExplainService({
    cleanPool: pool(config.database.cleanUrl),
    mlflow: createMlflowClient(config.mlflow),
    log,
    modelName: (dataset) => registeredModelName(dataset, config.mlflow.modelNamePrefix),
  });
  return { routes: explainRoutes(service), onShutdown: () => service.close() };
});
