import type { Registry } from 'prom-client';
import { metricFactory } from './metric-factory.ts';

/** What the predictor reports beyond every function's request metrics: cold starts and model-load time per version, for the serving dashboard. */
export interface PredictorMetrics {
  /** One answered (or refused) prediction request: its latency by version and outcome, and the rows predicted. */
  observePrediction(version: string, outcome: 'ok' | 'invalid' | 'error', seconds: number, rows: number): void;
  /** One onnxruntime session run and its rows (concurrent requests' rows are run together). */
  observeSessionRun(rows: number): void;
  /** Seconds from process start to the first model ready to serve. */
  setColdStart(seconds: number): void;
  /** A model load (download and session creation), successful or not. */
  observeModelLoad(version: string, outcome: 'ok' | 'failed', seconds: number): void;
  /** The version now served: 1 on its series, the previous version's series removed. */
  setServedVersion(name: string, version: string): void;
  /** Predictions buffered for the RAW inference log, not yet written. */
  setLogBacklog(rows: number): void;
  /** Predictions the inference log gave up on (RAW unreachable for longer than the backlog holds, or a refused row whose dead letter failed too). */
  countLogDropped(rows: number): void;
  /** Predictions RAW refused for their data, written to the dead letter in the object store instead. */
  countLogDeadLettered(rows: number): void;
}

// Seconds: one-row predictions take well under a millisecond; a CSV batch of thousands, a second.
const PREDICT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
// Rows: one request alone, up to the predictor's largest merged run (64) and CSV batches beyond.
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 256, 1024, 10_000];
// Seconds: downloads of a few megabytes up to slow object stores (Knative reports cold starts up to 15 s).
const LOAD_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60];

/** Registers the predictor's metrics on a function's registry (createFunctionMetrics). */
export function createPredictorMetrics(registry: Registry): PredictorMetrics {
  const metric = metricFactory(registry);
  const latency = metric.histogram(
    'predict_latency_seconds',
    'Time to answer one prediction request (single, batch or infer), by model version and outcome.',
    ['model_version', 'outcome'],
    PREDICT_BUCKETS,
  );
  const predictions = metric.counter('predictions_total', 'Rows predicted, by model version.', ['model_version']);
  const batchRows = metric.histogram('predict_batch_rows', 'Rows per onnxruntime session run: concurrent requests are run together.', [], BATCH_BUCKETS);
  const coldStart = metric.gauge('predictor_cold_start_seconds', 'Seconds from process start to the first model ready.');
  const load = metric.histogram('model_load_seconds', 'Time to download a model version and open its onnxruntime session, by version and outcome.', ['model_version', 'outcome'], LOAD_BUCKETS);
  const loadFailures = metric.counter('model_load_failures_total', 'Model versions that failed to load; the previous version kept serving.', ['model_version']);
  const served = metric.gauge('model_version_served', 'The model version answering predictions (value 1).', ['model_name', 'model_version']);
  const backlog = metric.gauge('inference_log_backlog', 'Predictions buffered for the RAW inference log, not yet written.');
  const dropped = metric.counter('inference_log_dropped_total', 'Predictions never written to the inference log.');
  const deadLettered = metric.counter('inference_log_dead_lettered_total', 'Predictions RAW refused for their data, written to dead-letter/inference-log/ in the bucket instead.');
  return {
    observePrediction(version, outcome, seconds, rows) {
      latency.observe({ model_version: version, outcome }, seconds);
      if (outcome === 'ok') predictions.inc({ model_version: version }, rows);
    },
    observeSessionRun: (rows) => batchRows.observe(rows),
    setColdStart: (seconds) => coldStart.set(seconds),
    observeModelLoad(version, outcome, seconds) {
      load.observe({ model_version: version, outcome }, seconds);
      if (outcome === 'failed') loadFailures.inc({ model_version: version });
    },
    setServedVersion(name, version) {
      // One series at a time, so a dashboard's "version served" is a single line that steps.
      served.reset();
      served.set({ model_name: name, model_version: version }, 1);
    },
    setLogBacklog: (rows) => backlog.set(rows),
    countLogDropped: (rows) => dropped.inc(rows),
    countLogDeadLettered: (rows) => deadLettered.inc(rows),
  };
}
