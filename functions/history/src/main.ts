/** Start-up of the history function: configuration once, then serve on PORT. */
import { modelRegistry, startFunction } from '@tabular-ct/platform';
import { historyRoutes } from './routes.ts';

await startFunction('history', ['database', 'mlflow'], ({ config, pool }) => ({
  routes: historyRoutes({ cleanPool: pool(config.database.cleanUrl), ...modelRegistry(config.mlflow) }),
}));
