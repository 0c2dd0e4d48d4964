import { type LabeledData, transformTarget } from '../gbdt/boost.ts';
import { type Dataset, rowCount } from '../dataset.ts';
import type { TargetTransform } from '../gbdt/model.ts';

/**
 * One-hot columns per categorical feature in the ridge baseline: the most frequent ones; the
 * rest share the all-zero "other" level. Keeps the normal equations small (Cholesky is cubic).
 */
const RIDGE_MAX_CATEGORIES = 50;

/** How one raw feature becomes design-matrix columns. */
type RidgeFeature =
  | { readonly kind: 'numeric'; readonly name: string; readonly column: number; readonly mean: number; readonly std: number; readonly missingColumn: number }
  | { readonly kind: 'categorical'; readonly name: string; readonly categories: ReadonlyMap<string, number> };

/** A ridge regression on standardized numbers, missing indicators and one-hot categories. */
export interface RidgeModel {
  readonly features: readonly RidgeFeature[];
  /** Coefficients by design column; column 0 is the intercept. */
  readonly coef: Float64Array;
  readonly targetTransform: TargetTransform;
  /** Range of the (transformed) training targets: predictions are clipped to it. */
  readonly min: number;
  readonly max: number;
}

export interface RidgeParams {
  /** L2 penalty on every coefficient but the intercept (default 1). */
  readonly lambda?: number;
  readonly targetTransform?: TargetTransform;
}

/**
 * Fits the linear baseline: numeric features standardized (missing -> the mean, plus an
 * indicator column when training saw missing values), categorical features one-hot over
 * their RIDGE_MAX_CATEGORIES most frequent categories. Solves (X'X + lambda D) b = X'y by
 * Cholesky, D the identity without the intercept. Predictions are clipped to the training
 * targets' range: a line extrapolates without bound on heavy-tailed features (an acre_lot
 * 1000x the median), and through expm1 that becomes an astronomical price.
 */
export function trainRidge(set: LabeledData, params: RidgeParams = {}): RidgeModel {
  const { lambda = 1, targetTransform = 'none' } = params;
  const y = transformTarget(set.label, targetTransform);
  const n = rowCount(set.data);
  let width = 1;
  const features: RidgeFeature[] = set.data.features.map((f, j) => {
    const col = set.data.columns[j]!;
    if (col instanceof Float64Array) {
      let sum = 0;
      let sq = 0;
      let seen = 0;
      for (const v of col)
        if (!Number.isNaN(v)) {
          sum += v;
          sq += v * v;
          seen++;
        }
      const mean = seen > 0 ? sum / seen : 0;
      const std = seen > 0 ? Math.sqrt(Math.max(sq / seen - mean * mean, 0)) || 1 : 1;
      const column = width++;
      const missingColumn = seen < n ? width++ : -1;
      return { kind: 'numeric', name: f.name, column, mean, std, missingColumn };
    }
    const counts = new Map<string, number>();
    for (const v of col) if (v !== null && v !== '') counts.set(v, (counts.get(v) ?? 0) + 1);
    const kept = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, RIDGE_MAX_CATEGORIES);
    const categories = new Map<string, number>();
    for (const [c] of kept) categories.set(c, width++);
    return { kind: 'categorical', name: f.name, categories };
  });
  const xtx = new Float64Array(width * width);
  const xty = new Float64Array(width);
  const idx = new Int32Array(features.length * 2 + 1);
  const val = new Float64Array(features.length * 2 + 1);
  for (let r = 0; r < n; r++) {
    const nz = designRow(features, set.data, r, idx, val);
    for (let a = 0; a < nz; a++) {
      const ia = idx[a]!;
      xty[ia]! += val[a]! * y[r]!;
      for (let b = 0; b < nz; b++) xtx[ia * width + idx[b]!]! += val[a]! * val[b]!;
    }
  }
  for (let k = 1; k < width; k++) xtx[k * width + k]! += lambda;
  let min = Infinity;
  let max = -Infinity;
  for (const v of y) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { features, coef: choleskySolve(xtx, xty, width), targetTransform, min, max };
}

/** Predictions of a ridge model in the target's units. */
export function predictRidge(model: RidgeModel, data: Dataset): Float64Array {
  const n = rowCount(data);
  const out = new Float64Array(n);
  const idx = new Int32Array(model.features.length * 2 + 1);
  const val = new Float64Array(model.features.length * 2 + 1);
  for (let r = 0; r < n; r++) {
    const nz = designRow(model.features, data, r, idx, val);
    let s = 0;
    for (let a = 0; a < nz; a++) s += model.coef[idx[a]!]! * val[a]!;
    s = Math.min(Math.max(s, model.min), model.max);
    out[r] = model.targetTransform === 'log1p' ? Math.expm1(s) : s;
  }
  return out;
}

/** The non-zero entries of row r's design vector; returns their count. */
function designRow(features: readonly RidgeFeature[], data: Dataset, r: number, idx: Int32Array, val: Float64Array): number {
  let nz = 0;
  idx[nz] = 0;
  val[nz++] = 1;
  features.forEach((f, j) => {
    const col = data.columns[j]!;
    if (f.kind === 'numeric') {
      const v = (col as Float64Array)[r]!;
      if (Number.isNaN(v)) {
        if (f.missingColumn >= 0) {
          idx[nz] = f.missingColumn;
          val[nz++] = 1;
        }
      } else {
        idx[nz] = f.column;
        val[nz++] = (v - f.mean) / f.std;
      }
    } else {
      const c = f.categories.get((col as readonly (string | null)[])[r] ?? '');
      if (c !== undefined) {
        idx[nz] = c;
        val[nz++] = 1;
      }
    }
  });
  return nz;
}

/** Solves A x = b for a symmetric positive definite A (row-major, size m) by Cholesky. */
function choleskySolve(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const l = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * m + j]!;
      for (let k = 0; k < j; k++) s -= l[i * m + k]! * l[j * m + k]!;
      if (i === j) {
        if (!(s > 0)) throw new RangeError('ridge system is not positive definite');
        l[i * m + i] = Math.sqrt(s);
      } else l[i * m + j] = s / l[j * m + j]!;
    }
  }
  const z = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * m + k]! * z[k]!;
    z[i] = s / l[i * m + i]!;
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < m; k++) s -= l[k * m + i]! * x[k]!;
    x[i] = s / l[i * m + i]!;
  }
  return x;
}
