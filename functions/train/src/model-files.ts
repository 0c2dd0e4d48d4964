import { BUNDLE_FILES, encodeFeature, modelFeatures, type CleanValue, type DatasetSpec, type DerivedFeature } from '@tabular-ct/core';
import { exportModelArtifacts, modelToJson, type GbdtModel, type ModelArtifacts } from '@tabular-ct/ml';
import type { SplitRow } from './feature-table.ts';
import type { DataRecord } from './run-record.ts';

/** Training rows stored with the model as the background of KernelSHAP (the explain function summarizes them). */
const BACKGROUND_ROWS = 100;

/** How each encoding turns a clean value into the graph's input, for a reader in any language. */
const ENCODING_RULES = {
  number: 'the clean number as float64; missing is NaN',
  category: "the clean text as a string; missing is '' (empty); categories not listed are treated as missing",
  'days-since-epoch': "an ISO date 'YYYY-MM-DD' as days since 1970-01-01 UTC, float64 (Date.parse(`${date}T00:00:00Z`) / 86400000); missing is NaN",
} as const;

/** A row's clean values as JSON keeps them: an absent value is no key. */
const storedValues = (row: SplitRow): Record<string, CleanValue> =>
  Object.fromEntries(Object.entries(row.features).filter((e): e is [string, CleanValue] => e[1] !== undefined));

/**
 * Evenly spaced training rows, as clean values: deterministic (no seed to record) and
 * spread over every batch, since CLEAN's order is batch by batch.
 */
export function backgroundRows(trainRows: readonly SplitRow[], size = BACKGROUND_ROWS): Record<string, CleanValue>[] {
  if (trainRows.length <= size) return trainRows.map(storedValues);
  return Array.from({ length: size }, (_, i) => storedValues(trainRows[Math.floor((i * trainRows.length) / size)]!));
}

/**
 * The logged model's files: model.onnx, MLmodel, the pyfunc environment and feature_spec.json,
 * which adds to the ML core's feature list how each raw value is encoded (a date's number
 * must be computed by the predictor exactly as training did), the dataset and target, the
 * training data's digest and location, a background sample for SHAP and a typical value of
 * each feature (`defaults`, for the predictor's GET /model and the prediction form): what
 * the predictor and the explainer need besides the graph (docs/architecture.md, the model bundle). With them,
 * model_tree.json: the trees themselves, so explanations take exact TreeSHAP's fast path.
 * With derived features, the graph computes them from the raw inputs and derived_features.json
 * holds their rules, tables included, for explanations to compute the same values.
 * The defaults, encoded as the graph takes them, are also MLflow's input example and serving
 * request (serving_input_example.json), and the MLmodel names the logged model (`model_id`).
 */
export function modelFiles(
  spec: DatasetSpec,
  model: GbdtModel,
  derived: readonly DerivedFeature[],
  /** What the model files record about the data the model was trained on. */
  data: Omit<DataRecord, 'batches'>,
  background: readonly Record<string, CleanValue>[],
  defaults: Readonly<Record<string, number | string>>,
  info: { createdAt: string; modelUuid: string; modelId?: string },
): ModelArtifacts {
  const inputExample = Object.fromEntries(modelFeatures(spec).map((f) => [f.name, encodeFeature(f, defaults[f.name])]));
  const files = exportModelArtifacts(model, { ...info, inputExample }, {
    dataset: spec.name,
    target: spec.target,
    encodings: modelFeatures(spec).map((f) => ({ name: f.name, encoding: f.encoding, rule: ENCODING_RULES[f.encoding] })),
    training_data: { digest: data.digest, location: data.location, rows: data.rows, batch_id: data.batchId },
    background: { rows: background },
    defaults,
  }, derived);
  return { ...files, [BUNDLE_FILES.tree]: modelToJson(model) };
}
