// Regression metrics on targets y and predictions p in the target's units.
import { MAPE_EPS } from './constants.ts';

/** A metric of predictions against targets. */
export type Metric = (y: Float64Array, p: Float64Array) => number;

/** The rows of a metric's arrays, which must be equal in length and not empty. */
export function check(y: Float64Array, p: Float64Array): number {
  if (y.length !== p.length || y.length === 0) throw new RangeError(`metric needs equal, non-empty arrays (${y.length}, ${p.length})`);
  return y.length;
}

/** Root mean squared error. */
export const rmse: Metric = (y, p) => {
  const n = check(y, p);
  let s = 0;
  for (let i = 0; i < n; i++) s += (y[i]! - p[i]!) ** 2;
  return Math.sqrt(s / n);
};

/** Mean absolute error. */
export const mae: Metric = (y, p) => {
  const n = check(y, p);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(y[i]! - p[i]!);
  return s / n;
};

/** Coefficient of determination 1 - SS_res / SS_tot (scikit-learn's r2_score; 0 if y is constant and fit is not perfect). */
export const r2: Metric = (y, p) => {
  const n = check(y, p);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    res += (y[i]! - p[i]!) ** 2;
    tot += (y[i]! - mean) ** 2;
  }
  if (tot === 0) return res === 0 ? 1 : 0;
  return 1 - res / tot;
};

/** Mean absolute percentage error, as a fraction (scikit-learn's mean_absolute_percentage_error). */
export const mape: Metric = (y, p) => {
  const n = check(y, p);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(y[i]! - p[i]!) / Math.max(Math.abs(y[i]!), MAPE_EPS);
  return s / n;
};

/** Root mean squared logarithmic error; targets and predictions must be > -1. */
export const rmsle: Metric = (y, p) => {
  const n = check(y, p);
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (!(y[i]! > -1 && p[i]! > -1)) throw new RangeError(`RMSLE needs values > -1 (row ${i})`);
    s += (Math.log1p(p[i]!) - Math.log1p(y[i]!)) ** 2;
  }
  return Math.sqrt(s / n);
};
