/** Start-up of the predictor: configuration once, serve at once (liveness, /metrics), then load the production version. */
import './interpreted-schemas.ts';
import { createS3ObjectStore, startFunction } from '@tabular-ct/platform';
import { createPredictor } from './predictor.ts';

// The object store only takes the inference log's dead letters: rows RAW refuses for their data.
await startFunction('predict', ['database', 'objectStore', 'mlflow', 'predictor'], ({ config, metrics, log, pool }) => {
  const predictor = createPredictor({
    predictor: config.predictor,
    mlflow: config.mlflow,
    rawPool: pool(config.database.rawUrl),
    store: createS3ObjectStore(config.objectStore),
    log,
    corsOrigins: config.http.corsOrigins,
    metrics,
  });
  // Serving before the model is loaded lets /health and /metrics answer during a slow download;
  // /ready (Knative's readiness probe) and every prediction answer 503 until the first load.
  return { listener: predictor.listener, onShutdown: () => predictor.shutdown(), afterServe: () => predictor.start() };
});
