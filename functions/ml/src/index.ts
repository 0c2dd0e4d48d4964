// Public surface of the ML core.
export type { Column, Dataset, FeatureSpec } from './dataset.ts';
export type { GbdtModel, ModelFeature, Objective, TargetTransform } from './model.ts';
export { train, type LabeledData, type TrainParams, type TrainResult } from './boost.ts';
export type { CategoricalSplit } from './split.ts';
export { predict, predictRaw } from './predict.ts';
export { mae, mape, r2, rmse, rmsle, type Metric } from './metrics-regression.ts';
export { accuracyAt, f1At, logLoss, prAuc, rocAuc } from './metrics-classification.ts';
export { bootstrapDifference, bootstrapMetric, type BootstrapOptions, type Interval } from './bootstrap.ts';
export { predictRidge, trainRidge, type RidgeModel, type RidgeParams } from './ridge.ts';
export { exportOnnx, PREDICTION_OUTPUT } from './onnx/export-onnx.ts';
export { exportModelArtifacts, type ModelArtifacts } from './onnx/artifacts.ts';
export type { MlmodelInfo, MlflowVersions } from './onnx/mlmodel.ts';
export type { FeatureSpecFile } from './onnx/feature-spec.ts';
export { profileBatch, type ProfileRow } from './profile/profile-batch.ts';
export { treeShap, type TreeShapResult } from './shap/tree-shap.ts';
export { kernelShap, type Background, type BatchModel, type FeatureValue, type KernelShapOptions, type KernelShapResult } from './shap/kernel-shap.ts';
export { summarizeBackground, type SummarizeOptions } from './shap/background.ts';
export { compareImportance, globalImportance, type FeatureImportance, type ImportanceChange } from './shap/importance.ts';
