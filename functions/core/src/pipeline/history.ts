import { type } from 'arktype';
import { datasetNames } from '../datasets/registry.ts';
import { batchIdField } from './batch-id.ts';
import { batchProfile } from './batch-profile.ts';
import { driftReport } from './drift.ts';

// The history function's read API for the UI (docs/ui.md): what CLEAN and MLflow hold about a
// dataset's batches, decisions, drift reports, profiles and versions. Times are ISO strings.

const dataset = type.enumerated(...datasetNames);

/** GET /history, /drift: the dataset, from the query string. */
export const historyQuery = type({ dataset, '+': 'reject' });
export type HistoryQuery = typeof historyQuery.infer;

/** GET /profile: one batch's profile; the latest batch when batch_id is left out. */
export const profileQuery = type({ dataset, 'batch_id?': batchIdField, '+': 'reject' });
export type ProfileQuery = typeof profileQuery.infer;

const decision = type({
  kind: "'train' | 'skip' | 'promote' | 'reject'",
  model_version: 'string | null',
  reasons: 'string[]',
  /** Drift decisions: dataset_drift and the drifted columns; promotions: rule, metric, challenger and champion of the time. */
  details: 'Record<string, unknown>',
  decided_at: 'string',
});
export type HistoryDecision = typeof decision.infer;

/** One delivery (an answer of the data API) as CLEAN processed it. */
const batch = type({
  batch_id: 'string',
  /** The batch number the data API gave it; a time-windowed API gives one number to several deliveries. */
  batch_number: 'number',
  /** The group's count of deliveries, from 1, in the order they arrived. */
  delivery: 'number',
  /** The delivery whose drift decision covered this one (itself, or a later one of the same run); null while undecided. */
  decided_with: 'string | null',
  processed_at: 'string',
  rows_in: 'number',
  rows_clean: 'number',
  rows_rejected: 'number',
  rows_duplicate: 'number',
  /** The drift decision (train or skip) and, when a version was trained, its promotion decision. */
  decisions: decision.array(),
});
export type HistoryBatch = typeof batch.infer;

const version = type({
  version: 'string',
  created_at: 'string | null',
  run_id: 'string | null',
  aliases: 'string[]',
  /** The promotion's verdict on this version, from CLEAN's decisions; null while undecided. */
  decision: "'promoted' | 'rejected' | null",
  tags: 'Record<string, string>',
  /** The training run's metrics; empty when the run cannot be read. */
  metrics: 'Record<string, number>',
});
export type HistoryVersion = typeof version.infer;

export const historyResponse = type({
  dataset: 'string',
  model_name: 'string',
  /** The version behind the alias `production` now, null before the first promotion. */
  production_version: 'string | null',
  batches: batch.array(),
  /** Which version served from when to when, oldest first; the current one has `until` null. */
  production: type({ model_version: 'string', since: 'string', until: 'string | null', reason: 'string' }).array(),
  versions: version.array(),
});
export type HistoryResponse = typeof historyResponse.infer;

/** GET /drift: every batch's stored drift report, in delivery order. */
export const driftHistoryResponse = type({
  dataset: 'string',
  /** `deliveries`: every delivery the decision covered, the last being batch_id. */
  reports: type({ batch_id: 'string', deliveries: 'string[]', created_at: 'string', retrain: 'boolean', reasons: 'string[]', report: driftReport }).array(),
});
export type DriftHistoryResponse = typeof driftHistoryResponse.infer;

export const profileResponse = type({
  dataset: 'string',
  batch_id: 'string',
  /** Every batch with a profile, in delivery order, for choosing another. */
  batches: 'string[]',
  profile: batchProfile,
});
export type ProfileResponse = typeof profileResponse.infer;
