/** Start-up of the collect function: configuration once, then serve on PORT. */
import { createFunctionMetrics, createPool, createRouter, createS3ObjectStore, jsonLog, loadConfig, serve } from '@tabular-ct/platform';
import { collectRoutes } from './routes.ts';

const config = loadConfig(process.env, ['database', 'objectStore', 'dataApi', 'pipelineAuth', 'http']);
const rawPool = createPool(config.database.rawUrl, { max: config.database.poolSize, statementTimeoutMs: config.database.statementTimeoutMs });
const routes = collectRoutes({ rawPool, store: createS3ObjectStore(config.objectStore), dataApi: config.dataApi, log: jsonLog }, config.pipelineAuth.tokens);
await serve(createRouter('collect', routes, createFunctionMetrics('collect'), { corsOrigins: config.http.corsOrigins }), {
  port: config.http.port,
  host: config.http.host,
  name: 'collect',
  log: jsonLog,
  onShutdown: () => rawPool.end(),
});
