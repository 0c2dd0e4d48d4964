/** Start-up of the collect function: configuration once, then serve on PORT. */
import { createS3ObjectStore, startFunction } from '@tabular-ct/platform';
import { collectRoutes } from './routes.ts';

await startFunction('collect', ['database', 'objectStore', 'dataApi', 'pipelineAuth'], ({ config, log, pool }) => ({
  routes: collectRoutes({ rawPool: pool(config.database.rawUrl), store: createS3ObjectStore(config.objectStore), dataApi: config.dataApi, log }, config.pipelineAuth.tokens),
}));
