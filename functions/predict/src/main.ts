/** Start-up of the predictor: configuration once, serve at once (liveness, /metrics), then load the production version. */
import { createPool, createS3ObjectStore, jsonLog, loadConfig, serve } from '@tabular-ct/platform';
import { createPredictor } from './predictor.ts';

// The object store only takes the inference log's dead letters: rows RAW refuses for their data.
const config = loadConfig(process.env, ['database', 'objectStore', 'mlflow', 'http', 'predictor']);
const rawPool = createPool(config.database.rawUrl, { max: config.database.poolSize, statementTimeoutMs: config.database.statementTimeoutMs });
const predictor = createPredictor({
  predictor: config.predictor,
  mlflow: config.mlflow,
  rawPool,
  store: createS3ObjectStore(config.objectStore),
  log: jsonLog,
  corsOrigins: config.http.corsOrigins,
});
// Serving before the model is loaded lets /health and /metrics answer during a slow download;
// /ready (Knative's readiness probe) and every prediction answer 503 until the first load.
await serve(predictor.listener, {
  port: config.http.port,
  host: config.http.host,
  name: 'predict',
  log: jsonLog,
  onShutdown: async () => {
    await predictor.shutdown();
    await rawPool.end();
  },
});
await predictor.holder.start();
