import { AppError, validateRecords, type DatasetSpec, type InputSource } from '@tabular-ct/core';
import type { InferenceLog, PredictorMetrics } from '@tabular-ct/platform';
import { randomUUID } from 'node:crypto';
import type { ModelHolder } from './model-holder.ts';
import type { RunBatcher } from './run-batcher.ts';
import type { ServedModel } from './served-model.ts';

export interface PredictDeps {
  spec: DatasetSpec;
  holder: ModelHolder;
  inferenceLog: InferenceLog;
  metrics: PredictorMetrics;
  /** Runs the session on the rows of concurrent requests together. */
  batcher: RunBatcher;
}

export interface Predictions {
  modelName: string;
  modelVersion: string;
  outputName: string;
  requestId: string;
  predictions: number[];
}

interface PredictRequest {
  /** The records to predict, read from the request with the served model at hand (the OIP tensors need its inputs). */
  records: (served: ServedModel) => readonly unknown[];
  source: InputSource;
  /** One record: problems name fields bare (`bed`) rather than by row (`[0].bed`). */
  single: boolean;
}

// A batch larger than this belongs to a batch job, not to a request that must stay short under Knative's timeout.
const MAX_ROWS = 100_000;

/** A refusal names the version that refused it too (every answer names model and version). */
function withIdentity(error: unknown, identity: { model_name: string; model_version: string }): unknown {
  if (!(error instanceof AppError) || error.status >= 500) return error;
  const details = typeof error.details === 'object' && error.details !== null ? error.details : {};
  return new AppError(error.code, error.message, { ...identity, ...details }, { cause: error });
}

/**
 * Validates and predicts records with the version served when the request started, then
 * hands every prediction to the inference log, which writes it later in a batch: the answer
 * never waits for the database. Invalid input is a 400 naming each field, with the version.
 */
export async function predictRecords(deps: PredictDeps, request: PredictRequest): Promise<Predictions> {
  const started = process.hrtime.bigint();
  const receivedAt = new Date();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  return deps.holder.use(async (served) => {
    const identity = { model_name: served.name, model_version: served.version };
    let values;
    try {
      const records = request.records(served);
      if (records.length === 0) throw new AppError('invalid_request', 'no rows to predict: send at least one');
      if (records.length > MAX_ROWS) throw new AppError('payload_too_large', `${records.length} rows in one request; at most ${MAX_ROWS}`);
      const outcome = validateRecords(served.inputs, deps.spec.missing, records, request.source, request.single);
      if (!outcome.ok) {
        const fields = [...new Set(outcome.problems.map((p) => p.field))].join(', ');
        throw new AppError('invalid_request', `invalid input: ${fields}`, { problems: outcome.problems });
      }
      values = outcome.value;
    } catch (error) {
      deps.metrics.observePrediction(served.version, 'invalid', seconds(), 0);
      throw withIdentity(error, identity);
    }
    let predictions: number[];
    try {
      predictions = Array.from(await deps.batcher.predict(served, values));
    } catch (error) {
      deps.metrics.observePrediction(served.version, 'error', seconds(), 0);
      throw error;
    }
    const latency = seconds();
    deps.metrics.observePrediction(served.version, 'ok', latency, predictions.length);
    const requestId = randomUUID();
    deps.inferenceLog.append(
      predictions.map((prediction, i) => ({
        // One row per prediction: a batch's rows share the request's id with their index.
        requestId: request.single ? requestId : `${requestId}:${i}`,
        receivedAt,
        dataset: deps.spec.name,
        modelName: served.name,
        modelVersion: served.version,
        features: values[i]!,
        prediction,
        latencyMs: latency * 1000,
      })),
    );
    return { modelName: served.name, modelVersion: served.version, outputName: served.outputName, requestId, predictions };
  });
}
