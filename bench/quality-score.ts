// Scores of the quality benchmark, all computed here from the test rows' predictions of each
// model (ours in process, LightGBM's read back from Python): one implementation of every
// metric (functions/ml) and of the paired bootstrap (bootstrapDifference), for every model.
import type { DatasetSpec } from '@tabular-ct/core';
import { bootstrapDifference, logLoss, r2, rmse, rocAuc, type Interval, type Metric } from '@tabular-ct/ml';

/**
 * The models compared, by key: `ours` as production trains it (raw plus derived columns),
 * `ours_raw` on the raw columns only (the production settings before derived features, the
 * baseline a change must not fall below), LightGBM with its defaults on the raw and on the
 * raw plus derived columns, and LightGBM on raw plus derived early-stopped on validation.
 */
export const MODELS = ['ours', 'ours_raw', 'lightgbm_raw', 'lightgbm_derived', 'lightgbm_derived_es'] as const;
export type ModelKey = (typeof MODELS)[number];

/** The differences reported, each "first minus second" on the same resampled rows: ours against every other model. */
export const PAIRS: readonly (readonly [ModelKey, ModelKey])[] = [
  ['ours', 'lightgbm_raw'],
  ['ours', 'lightgbm_derived'],
  ['ours', 'lightgbm_derived_es'],
  ['ours', 'ours_raw'],
];

export type Subset = 'all' | 'complete' | 'missing';

interface MetricDef {
  readonly name: string;
  readonly better: 'lower' | 'higher';
  readonly metric: Metric;
}

/**
 * realtor: RMSE and R² of log1p(price), the scale the model is trained and selected on
 * (functions/train/src/evaluation.ts reads predictions below zero as zero, and so does this);
 * diabetes: ROC AUC and log-loss of the probability of readmission within 30 days.
 */
function metricsOf(spec: DatasetSpec): { defs: readonly MetricDef[]; scale: (v: Float64Array) => Float64Array } {
  if (spec.target.task === 'binary') {
    return { defs: [{ name: 'roc_auc', better: 'higher', metric: rocAuc }, { name: 'log_loss', better: 'lower', metric: logLoss }], scale: (v) => v };
  }
  return {
    defs: [{ name: 'rmse_log1p', better: 'lower', metric: rmse }, { name: 'r2_log1p', better: 'higher', metric: r2 }],
    scale: (v) => v.map((x) => Math.log1p(Math.max(x, 0))),
  };
}

export interface SubsetScore {
  readonly subset: Subset;
  readonly rows: number;
  /** Positive labels among the rows (binary targets). */
  readonly positives?: number;
  /** metric -> model -> value on every row of the subset; null where undefined (one class, no rows). */
  readonly values: Record<string, Record<ModelKey, number | null>>;
  /** metric -> "a-b" -> the difference a - b with its paired bootstrap interval; null where undefined. */
  readonly differences: Record<string, Record<string, Interval | null>>;
}

export interface BootstrapSettings {
  readonly resamples: number;
  readonly seed: number;
}

const pick = (v: Float64Array, index: readonly number[]): Float64Array => Float64Array.from(index, (i) => v[i]!);

/** A metric's value, or null where it is undefined on these rows (RangeError from functions/ml). */
function defined<T>(f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError) return null;
    throw e;
  }
}

/** Every metric of every model, and every pair's difference with its interval, on the rows of one subset. */
export function scoreSubset(
  spec: DatasetSpec,
  subset: Subset,
  index: readonly number[],
  label: Float64Array,
  predictions: Record<ModelKey, Float64Array>,
  settings: BootstrapSettings,
): SubsetScore {
  const { defs, scale } = metricsOf(spec);
  const y = scale(pick(label, index));
  const p = Object.fromEntries(MODELS.map((m) => [m, scale(pick(predictions[m], index))])) as Record<ModelKey, Float64Array>;
  const values: SubsetScore['values'] = {};
  const differences: SubsetScore['differences'] = {};
  for (const d of defs) {
    values[d.name] = Object.fromEntries(MODELS.map((m) => [m, index.length === 0 ? null : defined(() => d.metric(y, p[m]))])) as Record<ModelKey, number | null>;
    differences[d.name] = Object.fromEntries(
      PAIRS.map(([a, b]) => [`${a}-${b}`, index.length === 0 ? null : defined(() => bootstrapDifference(d.metric, y, p[a], p[b], settings))]),
    );
  }
  const positives = spec.target.task === 'binary' ? y.reduce((s, v) => s + v, 0) : undefined;
  return { subset, rows: index.length, ...(positives === undefined ? {} : { positives }), values, differences };
}
