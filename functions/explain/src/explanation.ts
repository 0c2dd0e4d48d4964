import type { CleanValue, ExplainResponse, ModelFeature } from '@tabular-ct/core';
import type { MarginTransform } from '@tabular-ct/ml';

/** SHAP values of one input as either method produced them. */
export type ShapOutcome =
  | {
      readonly method: 'tree';
      readonly phi: Float64Array;
      /** Cover-weighted mean raw margin. */
      readonly base: number;
      /** The raw margin of the input (predictRaw). */
      readonly margin: number;
      readonly transform: MarginTransform;
    }
  | {
      readonly method: 'kernel';
      readonly phi: Float64Array;
      /** Background-weighted mean prediction. */
      readonly base: number;
      readonly prediction: number;
      readonly standardErrors: Float64Array;
      readonly samples: number;
      readonly exact: boolean;
    };

/**
 * The answer of POST /explain, one entry per model feature with the input's clean value. It
 * is a waterfall that adds up: base_value + sum(shap) = prediction, in the units of
 * `output`. TreeSHAP's units are the raw margin (log1p(price), log-odds), so the answer says
 * which transform turns it into the target's units; KernelSHAP explains the served
 * prediction itself. `target_prediction` is what the predictor answers for this input.
 */
export function assembleExplanation(
  model: { name: string; version: string; inputs: readonly ModelFeature[] },
  values: Readonly<Record<string, CleanValue>>,
  shap: ShapOutcome,
  targetPrediction: number,
): ExplainResponse {
  const entries = model.inputs.map((f, j) => ({ feature: f.name, value: values[f.name] ?? null, shap: shap.phi[j] ?? 0 }));
  const common = { model_name: model.name, version: model.version, base_value: shap.base, target_prediction: targetPrediction, values: entries };
  if (shap.method === 'tree') {
    return { ...common, method: 'tree', output: 'raw margin', output_transform: shap.transform, prediction: shap.margin };
  }
  return {
    ...common,
    method: 'kernel',
    output: 'prediction',
    output_transform: 'identity',
    prediction: shap.prediction,
    standard_errors: Array.from(shap.standardErrors),
    exact: shap.exact,
    samples: shap.samples,
  };
}
