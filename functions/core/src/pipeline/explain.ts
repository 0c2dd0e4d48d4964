import { type } from 'arktype';
import { datasetNames } from '../datasets/registry.ts';

// The explain function's requests and answers (SHAP values of one input, global importance
// of a version, and the comparison of two versions' importance).

const dataset = type.enumerated(...datasetNames);
const version = /^\d+$/;
/** Rows explained for a global importance: enough for stable means, bounded so a request stays seconds. */
const sample = type('1 <= number.integer <= 2000');

/**
 * What the values explain. 'raw margin': TreeSHAP's sum of tree outputs before the final
 * transform (log1p target: log1p(price); binary: log-odds). 'prediction': KernelSHAP's, the
 * served model's output in the target's units (price, probability).
 */
const output = "'raw margin' | 'prediction'";
/** What turns the explained output into the target's units: identity for 'prediction'. */
const outputTransform = "'identity' | 'expm1' | 'sigmoid'";
const method = "'tree' | 'kernel'";
/**
 * The method a request asks for; absent: 'tree' when the version ships its tree table, else
 * 'kernel'. 'kernel' on a tree model is interventional KernelSHAP of the prediction in the
 * target's units over the stored background; 'tree' needs the tree table (409 without).
 */
const requestedMethod = { 'method?': method } as const;

/** POST /explain: one input as the predictor takes it (raw values, validated per the dataset). */
export const explainRequest = type({
  dataset,
  'version?': version,
  features: { '[string]': 'unknown' },
  ...requestedMethod,
  '+': 'reject',
});
export type ExplainRequest = typeof explainRequest.infer;

export const explainResponse = type({
  model_name: 'string',
  version: 'string',
  method,
  output,
  output_transform: outputTransform,
  /** E f: the mean explained output over the background (kernel) or the training covers (tree). */
  base_value: 'number',
  /** The explained output for this input: base_value + sum(shap). */
  prediction: 'number',
  /** The served prediction in the target's units (the ONNX graph's output). */
  target_prediction: 'number',
  /** One entry per model feature: the clean input value and its Shapley value, in `output` units. */
  values: type({ feature: 'string', value: 'number | string | null', shap: 'number' }).array(),
  /** KernelSHAP only: standard error of each value (0 where exact), same order as values. */
  'standard_errors?': 'number[]',
  'exact?': 'boolean',
  'samples?': 'number',
});
export type ExplainResponse = typeof explainResponse.infer;

/** POST /importance: mean |SHAP| per feature of a version over a sample of CLEAN test rows. */
export const importanceRequest = type({ dataset, 'version?': version, 'sample?': sample, ...requestedMethod, '+': 'reject' });
export type ImportanceRequest = typeof importanceRequest.infer;

const featureImportance = type({ feature: 'string', importance: 'number' });

export const importanceResponse = type({
  model_name: 'string',
  version: 'string',
  method,
  output,
  /** Test rows explained, and the batches they were drawn from. */
  rows: 'number',
  batches: 'string[]',
  /** Most important first. */
  importance: featureImportance.array(),
});
export type ImportanceResponse = typeof importanceResponse.infer;

/** POST /compare: two versions' importance on the same rows, and which features gained or lost. */
export const compareRequest = type({ dataset, a: version, b: version, 'sample?': sample, ...requestedMethod, '+': 'reject' });
export type CompareRequest = typeof compareRequest.infer;

export const compareResponse = type({
  model_name: 'string',
  a: { version: 'string', importance: featureImportance.array() },
  b: { version: 'string', importance: featureImportance.array() },
  /** One method for both, so the two importances are in the same units. */
  method,
  output,
  rows: 'number',
  batches: 'string[]',
  /** Per feature, a's importance (before) against b's (after), largest change first. */
  changes: type({
    feature: 'string',
    before: 'number',
    after: 'number',
    difference: 'number',
    rank_before: 'number | null',
    rank_after: 'number | null',
    rank_change: 'number | null',
  }).array(),
  /** Features whose importance rose from a to b (and fell), largest change first. */
  gained: 'string[]',
  lost: 'string[]',
});
export type CompareResponse = typeof compareResponse.infer;
