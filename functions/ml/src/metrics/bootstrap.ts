import type { Metric } from './regression.ts';
import { createRng } from '../random.ts';

export interface BootstrapOptions {
  /** Number of resamples (default 1000). */
  readonly resamples?: number;
  /** Two-sided level of the interval (default 0.95). */
  readonly level?: number;
  readonly seed?: number;
}

/** A point estimate on all rows and its percentile bootstrap interval. */
export interface Interval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * Percentile bootstrap interval of a metric: rows are resampled with replacement, the metric
 * recomputed on each resample. Resamples where the metric is undefined (for example one
 * class only for ROC AUC) are skipped.
 */
export function bootstrapMetric(metric: Metric, y: Float64Array, p: Float64Array, options: BootstrapOptions = {}): Interval {
  return bootstrap(y, [p], (ys, [ps]) => metric(ys, ps!), options);
}

/**
 * Interval of metric(model A) - metric(model B) on the same rows: each resample draws rows
 * once and scores both models on them (paired), so row difficulty cancels out.
 */
export function bootstrapDifference(
  metric: Metric,
  y: Float64Array,
  pA: Float64Array,
  pB: Float64Array,
  options: BootstrapOptions = {},
): Interval {
  return bootstrap(y, [pA, pB], (ys, [a, b]) => metric(ys, a!) - metric(ys, b!), options);
}

function bootstrap(
  y: Float64Array,
  preds: readonly Float64Array[],
  stat: (y: Float64Array, preds: readonly Float64Array[]) => number,
  options: BootstrapOptions,
): Interval {
  const { resamples = 1000, level = 0.95, seed = 0 } = options;
  const n = y.length;
  for (const p of preds) if (p.length !== n) throw new RangeError('predictions and targets differ in length');
  const estimate = stat(y, preds);
  const rng = createRng(seed);
  const ys = new Float64Array(n);
  const ps = preds.map(() => new Float64Array(n));
  const values: number[] = [];
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) {
      const r = Math.floor(rng() * n);
      ys[i] = y[r]!;
      for (let k = 0; k < preds.length; k++) ps[k]![i] = preds[k]![r]!;
    }
    try {
      values.push(stat(ys, ps));
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
    }
  }
  if (values.length === 0) throw new RangeError('the metric was undefined on every resample');
  values.sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  return { estimate, lower: quantile(values, alpha), upper: quantile(values, 1 - alpha) };
}

/** Linear-interpolated quantile of sorted values (numpy's default method). */
function quantile(sorted: readonly number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
