// The background stored with a model for KernelSHAP: a weighted sample of training rows.
// Sampling rather than shap's k-means: our rows mix categories and missing values, and a
// k-means center is a row that never occurs (a mean between categories, or between the two
// sides of a missing-value split) that the trees route somewhere arbitrary. Sampled rows are
// real rows, E f over them is unbiased, and identical rows (common with categorical data) are
// merged into one with the summed weight, so they cost one model row per coalition.
import type { Column } from '../dataset.ts';
import { createRng, sampleIndices } from '../random.ts';
import { BACKGROUND_SIZE } from './constants.ts';
import type { Background } from './coalition-game.ts';

export interface SummarizeOptions {
  /** Rows drawn at most (default 100). */
  readonly size?: number;
  readonly seed?: number;
  /** Row weights of the data; rows are then drawn with replacement in proportion to them. */
  readonly weights?: Float64Array;
}

/** A weighted background of at most `size` distinct rows that represents the data's distribution. */
export function summarizeBackground(columns: readonly Column[], options: SummarizeOptions = {}): Background {
  const n = columns[0]?.length ?? 0;
  if (n === 0) throw new RangeError('no rows to summarize');
  const size = options.size ?? BACKGROUND_SIZE;
  const rng = createRng(options.seed ?? 0);
  let picks: ArrayLike<number>;
  if (options.weights) {
    // With replacement in proportion to weight: each draw stands for 1/size of the mass.
    const w = options.weights;
    if (w.length !== n) throw new RangeError(`expected ${n} weights, got ${w.length}`);
    const cdf = new Float64Array(n);
    let acc = 0;
    for (let i = 0; i < n; i++) cdf[i] = acc += Math.max(0, w[i]!);
    if (!(acc > 0)) throw new RangeError('weights sum to zero');
    picks = Array.from({ length: size }, () => Math.min(n - 1, upperBound(cdf, rng() * acc)));
  } else {
    picks = n <= size ? Array.from({ length: n }, (_, i) => i) : sampleIndices(n, size, rng);
  }
  const key = (r: number) =>
    JSON.stringify(columns.map((c) => (c instanceof Float64Array ? (Number.isNaN(c[r]!) ? null : c[r]!) : (c[r] || null))));
  const index = new Map<string, number>();
  const rows: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < picks.length; i++) {
    const r = picks[i]!;
    const k = key(r);
    const at = index.get(k);
    if (at === undefined) {
      index.set(k, rows.length);
      rows.push(r);
      weights.push(1);
    } else weights[at]!++;
  }
  return {
    columns: columns.map((c) => (c instanceof Float64Array ? Float64Array.from(rows, (r) => c[r]!) : rows.map((r) => c[r] ?? null))),
    weights: Float64Array.from(weights),
  };
}

/** First index whose cumulative weight exceeds u. */
function upperBound(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
