import { featureColumns, type DatasetSpec } from '@tabular-ct/core';
import { accuracyAt, f1At, logLoss, mae, mape, prAuc, r2, rmse, rocAuc, type Metric } from '@tabular-ct/ml';

// Binary metrics that need a decision threshold use 0.5: the model's probabilities are
// calibrated by log-loss, and choosing a threshold is the user's business, not training's.
const THRESHOLD = 0.5;

const log1pClamped = (x: Float64Array): Float64Array => x.map((v) => Math.log1p(Math.max(v, 0)));

/**
 * The metric the search selects on, lower is better: the loss the model is trained to lower,
 * and the one promotion compares challenger and champion on, so the version the search keeps
 * is the one most likely to be promoted. Prices: RMSE of log1p(price), relative errors (a
 * $50k miss on a $100k house is not one on a $5M house); binary: log-loss, which rewards
 * calibrated probabilities where AUC only ranks.
 */
export function selectionMetric(spec: DatasetSpec): { name: string; metric: Metric } {
  if (spec.target.task === 'binary') return { name: 'log_loss', metric: logLoss };
  if (spec.target.transform === 'log1p') return { name: 'rmse_log1p', metric: (y, p) => rmse(log1pClamped(y), log1pClamped(p)) };
  return { name: 'rmse', metric: rmse };
}

/**
 * Every metric logged for a split, predictions in the target's units. A metric undefined on
 * the split (AUC with one class present throws RangeError; anything not finite) is left out:
 * MLflow cannot store it, and an absent metric says "undefined here" better than a made-up
 * number.
 */
export function evaluationMetrics(spec: DatasetSpec, y: Float64Array, p: Float64Array): Record<string, number> {
  const selection = selectionMetric(spec);
  const metrics: Record<string, Metric> =
    spec.target.task === 'binary'
      ? { log_loss: logLoss, roc_auc: rocAuc, pr_auc: prAuc, accuracy: accuracyAt(THRESHOLD), f1: f1At(THRESHOLD) }
      : // rmse_log1p is scikit-learn's RMSLE with predictions below zero read as zero.
        { [selection.name]: selection.metric, rmse, mae, r2, mape };
  const out: Record<string, number> = {};
  if (y.length === 0) return out;
  for (const [name, metric] of Object.entries(metrics)) {
    const value = definedValue(metric, y, p);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** A metric's value, or undefined where it has none (RangeError: one class only; not finite). */
function definedValue(metric: Metric, y: Float64Array, p: Float64Array): number | undefined {
  let value: number;
  try {
    value = metric(y, p);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
  return Number.isFinite(value) ? value : undefined;
}

/** Whether a clean row lacks a value of a feature the specification does not require (an empty form field). */
export function missesOptionalFeature(spec: DatasetSpec): (features: Readonly<Record<string, unknown>>) => boolean {
  const optional = featureColumns(spec).filter((c) => !c.required).map((c) => c.name);
  return (features) => optional.some((name) => features[name] === null || features[name] === undefined);
}

/**
 * The selection metric on the test rows that miss an optional feature and on those that miss
 * none (`missing_<metric>`, `complete_<metric>`): what a user who leaves a field empty gets
 * from the model, beside the others. A part is left out when its rows are too few to say
 * anything, or are all the rows (diabetes: every row misses one), the overall metric then.
 */
export function subsetMetrics(spec: DatasetSpec, rows: readonly Readonly<Record<string, unknown>>[], y: Float64Array, p: Float64Array, minRows = 30): Record<string, number> {
  const { name, metric } = selectionMetric(spec);
  const misses = missesOptionalFeature(spec);
  const parts: Record<'missing' | 'complete', number[]> = { missing: [], complete: [] };
  rows.forEach((r, i) => parts[misses(r) ? 'missing' : 'complete'].push(i));
  const out: Record<string, number> = {};
  for (const [part, idx] of Object.entries(parts)) {
    if (idx.length < minRows || idx.length === rows.length) continue;
    const value = definedValue(metric, Float64Array.from(idx, (i) => y[i]!), Float64Array.from(idx, (i) => p[i]!));
    if (value !== undefined) out[`${part}_${name}`] = value;
  }
  return out;
}
