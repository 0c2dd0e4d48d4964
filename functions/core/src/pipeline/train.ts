import { type } from 'arktype';
import { datasetNames } from '../datasets/registry.ts';
import { batchIdField, batchOfDataset } from './batch-id.ts';
import { driftReport } from './drift.ts';

/**
 * POST /train: train on the CLEAN data seen so far when `batch_id` arrived, log the run to
 * MLflow and register a version. `reasons` are the drift function's sentences (or the
 * baseline's), kept on the run and the version: every training says why it happened.
 * Bounds keep the tags within MLflow's limits and a request small.
 */
export const trainRequest = type({
  dataset: type.enumerated(...datasetNames),
  batch_id: batchIdField,
  reasons: type('0 < string <= 2000').array().atLeastLength(1).atMostLength(200),
  /** The drift report that triggered the training; absent, the one stored for the batch (if any) is used. */
  'drift_report?': driftReport,
  '+': 'reject',
}).narrow(batchOfDataset);
export type TrainRequest = typeof trainRequest.infer;

const splitCounts = { train: 'number', validation: 'number', test: 'number' } as const;

export const trainResponse = type({
  status: "'trained' | 'already_trained'",
  dataset: 'string',
  batch_id: 'string',
  model_name: 'string',
  version: 'string',
  run_id: 'string',
  /** Metric name to value, in the target's units unless the name says otherwise (rmse_log1p). */
  metrics: { validation: 'Record<string, number>', test: 'Record<string, number>' },
  /** The training snapshot: rows per split, sha256 of the uncompressed JSON lines, and its s3:// location. */
  data: { rows: splitCounts, digest: 'string', location: 'string' },
  /** The run's parameters as MLflow keeps them (strings): chosen hyperparameters, policy, search. */
  params: 'Record<string, string>',
});
export type TrainResponse = typeof trainResponse.infer;
