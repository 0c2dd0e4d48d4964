/** Start-up of the explain function: configuration once, then serve on PORT. */
import { modelRegistry, startFunction } from '@tabular-ct/platform';
import { createExplainService } from './explain-service.ts';
import { explainRoutes } from './routes.ts';

await startFunction('explain', ['database', 'mlflow'], ({ config, log, pool }) => {
  const service = createExplainService({
    cleanPool: pool(config.database.cleanUrl),
    ...modelRegistry(config.mlflow),
    log,
  });
  return { routes: explainRoutes(service), onShutdown: () => service.close() };
});
