/** Start-up of the preprocess function: configuration once, then serve on PORT. */
import { startFunction } from '@tabular-ct/platform';
import { preprocessRoutes } from './routes.ts';

await startFunction('preprocess', ['database', 'pipelineAuth'], ({ config, log, pool }) => ({
  routes: preprocessRoutes({ rawPool: pool(config.database.rawUrl), cleanPool: pool(config.database.cleanUrl), log }, config.pipelineAuth.tokens),
}));
