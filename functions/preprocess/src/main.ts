/** Start-up of the preprocess function: configuration once, then serve on PORT. */
import { createFunctionMetrics, createPool, createRouter, jsonLog, loadConfig, serve } from '@tabular-ct/platform';
import { preprocessRoutes } from './routes.ts';

const config = loadConfig(process.env, ['database', 'pipelineAuth', 'http']);
const poolOptions = { max: config.database.poolSize, statementTimeoutMs: config.database.statementTimeoutMs };
const rawPool = createPool(config.database.rawUrl, poolOptions);
const cleanPool = createPool(config.database.cleanUrl, poolOptions);
await serve(createRouter('preprocess', preprocessRoutes({ rawPool, cleanPool, log: jsonLog }, config.pipelineAuth.tokens), createFunctionMetrics('preprocess'), { corsOrigins: config.http.corsOrigins }), {
  port: config.http.port,
  host: config.http.host,
  name: 'preprocess',
  log: jsonLog,
  onShutdown: async () => {
    await Promise.all([rawPool.end(), cleanPool.end()]);
  },
});
