export { loadConfig, ConfigError, type LoadedConfig } from './config/load-config.ts';
export { createPool, type Pool, type PoolClient, type PoolOptions } from './db/pool.ts';
export { withTransaction } from './db/transaction.ts';
export { migrate, migrateAt, type DatabaseName } from './db/migrate.ts';
export { ensureDatabases, recreateDatabases } from './db/ensure-databases.ts';
export { ensureDatabaseRoles, databaseUrl, type DatabaseRole, type DatabaseAccess } from './db/database-roles.ts';
export { withAdvisoryLock } from './db/advisory-lock.ts';
export { leaseHeldError, withLease, type LeaseOutcome } from './db/lease.ts';
export { pgError } from './db/pg-errors.ts';
export { queryRows } from './db/query-rows.ts';
export type { ObjectStore, ObjectBody, StoredObject } from './object-store/object-store.ts';
export { createS3ObjectStore } from './object-store/s3-object-store.ts';
export { createDiskObjectStore } from './object-store/disk-object-store.ts';
export { errorReply, type Log, type Reply } from './http/error-reply.ts';
export { createRouter, type JsonRequest, type Route, type RouteTable, type RequestListener } from './http/router.ts';
export { startFunction } from './http/start-function.ts';
export { type RunningServer } from './http/serve.ts';
export { testServer } from './http/test-server.ts';
export { validatedRoute } from './http/validated-route.ts';
export { bearerRoute, carriesToken } from './http/bearer-route.ts';
export { concurrencyLimit } from './http/limited-route.ts';
export { createFunctionMetrics, type FunctionMetrics } from './metrics/function-metrics.ts';
export { createMlflowClient, modelRegistry, type MlflowClient, type ModelRegistry } from './mlflow/client.ts';
export { recordTraining } from './mlflow/record-training.ts';
export type { MlflowExperiments } from './mlflow/experiments.ts';
export type { MlflowRuns, MetricInput } from './mlflow/runs.ts';
export type { MlflowLoggedModels } from './mlflow/logged-models.ts';
export type { MlflowArtifacts } from './mlflow/artifacts.ts';
export type { MlflowRegistry } from './mlflow/registry.ts';
export type { MlflowWebhooks, WebhookSpec } from './mlflow/webhooks.ts';
export { verifyWebhookSignature } from './mlflow/webhook-signature.ts';
export type { StreamBody } from './mlflow/http.ts';
export { fetchBatch, type FetchedBatch, type FetchBatchOptions } from './data-api/fetch-batch.ts';
export {
  findRawDelivery,
  latestRawDelivery,
  getRawBatch,
  rawDeliveriesUpTo,
  rawDeliveryContents,
  insertRawBatch,
  readRawRows,
  type RawBatch,
  type NewRawBatch,
} from './raw/raw-batches.ts';
export {
  getCleanBatch,
  existingRowKeys,
  splitCounts,
  rejectReasons,
  insertCleanBatch,
  processedTogether,
  cleanBatchSummaries,
  type CleanBatch,
  type CleanBatchSummary,
  type CleanRowRecord,
  type RejectRecord,
  type DuplicateRecord,
} from './clean/clean-batches.ts';
export { recordDecision, listDecisions, startProduction, productionHistory, type Decision, type DecisionKind, type ProductionPeriod } from './clean/decisions.ts';
export { saveDriftReport, getDriftReport, undecidedDeliveries, type StoredDriftReport } from './clean/drift-reports.ts';
export { listCleanBatches, listDriftReports, profiledBatches, getBatchProfile, type CleanBatchRow, type DriftReportRow } from './clean/history-reads.ts';
export { deliveriesUpTo, readCleanRows, type StoredCleanRow } from './clean/read-clean-rows.ts';
export { loadModelVersion, loadedInputs, type LoadedModel } from './model/load-model-version.ts';
export { createPredictorMetrics, type PredictorMetrics } from './metrics/predictor-metrics.ts';
export { createDecisionMetrics, type DecisionMetrics } from './metrics/decision-metrics.ts';
export { createInferenceLog, type InferenceLog, type InferenceLogRow } from './raw/inference-log.ts';
