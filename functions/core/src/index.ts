export { errorStatus, type ErrorCode } from './errors/error-codes.ts';
export { AppError, isAppError, type ErrorBody } from './errors/app-error.ts';
export { ok, err, type Result } from './errors/result.ts';
export { parseOrThrow, parseWith, type FieldProblem, type Validator } from './errors/parse.ts';
export { CsvRecords, csvRecordsOf } from './csv/csv-records.ts';
export { envVariables, type ConfigSection } from './config/env-variables.ts';
export {
  envToConfig,
  type DatabaseConfig,
  type ObjectStoreConfig,
  type MlflowConfig,
  type HttpConfig,
  type DataApiConfig,
} from './config/platform-config.ts';
export { mlflowTag, mlflowParam, mlflowMetric, type MlflowTag, type MlflowParam, type MlflowMetric } from './mlflow/run-data.ts';
export { mlflowExperiment, mlflowGetExperimentResponse, mlflowCreateExperimentResponse, type MlflowExperiment } from './mlflow/experiment.ts';
export { mlflowDataset, mlflowInputTag, mlflowDatasetInput, type MlflowDataset, type MlflowInputTag, type MlflowDatasetInput } from './mlflow/dataset.ts';
export { mlflowRunStatus, mlflowRunInfo, mlflowRun, mlflowRunResponse, mlflowUpdateRunResponse, type MlflowRunStatus, type MlflowRunInfo, type MlflowRun } from './mlflow/run.ts';
export { mlflowLoggedModelStatus, mlflowLoggedModel, mlflowLoggedModelResponse, type MlflowLoggedModelStatus, type MlflowLoggedModel } from './mlflow/logged-model.ts';
export { mlflowRegisteredModel, mlflowRegisteredModelResponse, type MlflowRegisteredModel } from './mlflow/registered-model.ts';
export {
  mlflowModelVersion,
  mlflowModelVersionResponse,
  mlflowSearchModelVersionsResponse,
  mlflowModelVersionDownloadUriResponse,
  mlflowAlias,
  type MlflowModelVersion,
} from './mlflow/model-version.ts';
export { mlflowWebhook, mlflowWebhookResponse, mlflowListWebhooksResponse, mlflowWebhookDelivery, mlflowAliasCreated, type MlflowWebhook } from './mlflow/webhook.ts';
export { mlflowFileInfo, mlflowListArtifactsResponse, type MlflowFileInfo } from './mlflow/artifact.ts';
export { mlflowErrorResponse, mlflowEmptyResponse } from './mlflow/error-response.ts';
export { datasets, datasetNames, registeredModelName, type DatasetName } from './datasets/registry.ts';
export { featureColumns, type DatasetSpec, type ColumnSpec, type ColumnKind, type TargetSpec, type DerivedSpec, type NearbySpec } from './datasets/dataset-spec.ts';
export { cleanRow, rowContentKey, type CleanRow, type RowOutcome } from './datasets/clean-row.ts';
export type { CleanValue } from './datasets/normalize-value.ts';
export { assignSplit, type Split } from './datasets/split-assignment.ts';
export {
  collectRequest,
  collectResponse,
  dataApiBatch,
  MAX_CALLS_PER_COLLECT,
  type CollectedDelivery,
  type CollectRequest,
  type CollectResponse,
  type DataApiBatch,
} from './pipeline/collect.ts';
export { batchIdField, formatBatchId, parseBatchId, parseLegacyBatchId, type BatchRef } from './pipeline/batch-id.ts';
export { preprocessRequest, preprocessResponse, type PreprocessRequest, type PreprocessResponse } from './pipeline/preprocess.ts';
export { batchProfile, type BatchProfile, type ColumnProfile } from './pipeline/batch-profile.ts';
export { hash53 } from './datasets/split-assignment.ts';
export {
  GROUP_NUMBERS,
  courseApiDetail,
  courseApiValidationError,
  courseApiRestarted,
  courseApiHealth,
  invalidGroupDetail,
  WEEKDAYS,
  EXHAUSTED_DETAILS,
  isExhaustedDetail,
  type ExhaustedSpelling,
  type CourseApiDetail,
} from './datasource/course-api.ts';
export { dataQuery, restartQuery, parseCourseQuery, type DataSubset } from './datasource/data-query.ts';
export { batchPlan, type BatchPlan, type ClaimsPlan, type SubsetsPlan, type RowCondition } from './datasource/batch-plan.ts';
export { scalePlan, type ScalePlan } from './datasource/scale-plan.ts';
export { driftRequest, driftResponse, driftReport, type DriftRequest, type DriftResponse, type DriftReport, type ColumnDrift } from './pipeline/drift.ts';
export { modelFeatures, encodeFeature, encodeColumns, type ModelFeature } from './datasets/model-features.ts';
export { promoteRequest, promoteResponse, type PromoteRequest, type PromoteResponse } from './pipeline/promote.ts';
export { trainRequest, trainResponse, type TrainRequest, type TrainResponse } from './pipeline/train.ts';
export { cycleSummary, type CycleSummary } from './pipeline/cycle-summary.ts';
export { mlflowSearchRunsResponse } from './mlflow/run.ts';
export {
  explainRequest,
  explainResponse,
  importanceRequest,
  importanceResponse,
  compareRequest,
  compareResponse,
  type ExplainRequest,
  type ExplainResponse,
  type ImportanceRequest,
  type ImportanceResponse,
  type CompareRequest,
  type CompareResponse,
} from './pipeline/explain.ts';
export { normalizeValue } from './datasets/normalize-value.ts';
export { firstUnstorableText, printableText } from './datasets/storable-text.ts';
export { storableRow } from './datasets/unstorable-row.ts';
export type { PredictorConfig } from './config/platform-config.ts';
export {
  predictResponse,
  predictBatchResponse,
  oipInferRequest,
  oipInferResponse,
  type PredictResponse,
  type PredictBatchResponse,
  type OipInferRequest,
  type OipInferResponse,
} from './pipeline/predict.ts';
export {
  historyQuery,
  profileQuery,
  historyResponse,
  driftHistoryResponse,
  profileResponse,
  type HistoryQuery,
  type ProfileQuery,
  type HistoryResponse,
  type HistoryBatch,
  type HistoryDecision,
  type HistoryVersion,
  type DriftHistoryResponse,
  type ProfileResponse,
} from './pipeline/history.ts';
export type { ModelMetadata, FeatureMetadata } from './pipeline/model-metadata.ts';
export { encodeDerived, type DerivedFeature, type DerivedRule, type DerivedValue, type RangeGroup } from './derived/derived-feature.ts';
export { derivedFeatures, type DerivedSet } from './derived/resolve-derived.ts';
export { derivedFromJson, derivedToJson } from './derived/derived-json.ts';
export { parseFeatureSpec, type FeatureSpec, type TrainingFacts, type GraphInput } from './model/feature-spec.ts';
export { BUNDLE_FILES } from './model/bundle-files.ts';
export { PRODUCTION_ALIAS, LINEAGE_TAGS, PROMOTION_TAGS, tagRecord } from './model/version-tags.ts';
export { datasetInputs, modelInputs, type ModelInput } from './model/model-inputs.ts';
export { validateRecords, type InputSource } from './model/validate-records.ts';
