import type { CodeLayout } from './binning.ts';

// Gradient and hessian histograms: for every global bin, the sums of gradient, hessian and
// row count over the rows of a leaf, stored as triples [g, h, n] in one Float64Array.

/** Number of Float64 slots per bin in a histogram. */
export const HIST_STRIDE = 3;

/** A zeroed histogram for totalBins global bins. */
export function newHistogram(totalBins: number): Float64Array {
  return new Float64Array(totalBins * HIST_STRIDE);
}

/**
 * Accumulates positions start..end of `rows` into hist (zeroing it first); offsets[f] is the
 * first global bin of feature f. Rows are stored in leaf order (codes, grad and hess indexed
 * by position), so the loop reads memory sequentially: a gather through row indices would
 * miss the cache on almost every row of a deep leaf.
 */
export function buildHistogram(
  hist: Float64Array,
  rows: CodeLayout,
  offsets: Uint32Array,
  start: number,
  end: number,
  grad: Float64Array,
  hess: Float64Array,
): void {
  hist.fill(0);
  const { codes, stride, numFeatures } = rows;
  const F4 = numFeatures & ~3;
  for (let i = start; i < end; i++) {
    const g = grad[i]!;
    const h = hess[i]!;
    const base = i * stride;
    let f = 0;
    // Unrolled by four: V8 does not unroll loops itself (1M rows x 13 features: 30 -> 22 ms).
    for (; f < F4; f += 4) {
      const o0 = (offsets[f]! + codes[base + f]!) * HIST_STRIDE;
      const o1 = (offsets[f + 1]! + codes[base + f + 1]!) * HIST_STRIDE;
      const o2 = (offsets[f + 2]! + codes[base + f + 2]!) * HIST_STRIDE;
      const o3 = (offsets[f + 3]! + codes[base + f + 3]!) * HIST_STRIDE;
      hist[o0]! += g;
      hist[o0 + 1]! += h;
      hist[o0 + 2]! += 1;
      hist[o1]! += g;
      hist[o1 + 1]! += h;
      hist[o1 + 2]! += 1;
      hist[o2]! += g;
      hist[o2 + 1]! += h;
      hist[o2 + 2]! += 1;
      hist[o3]! += g;
      hist[o3 + 1]! += h;
      hist[o3 + 2]! += 1;
    }
    for (; f < numFeatures; f++) {
      const o = (offsets[f]! + codes[base + f]!) * HIST_STRIDE;
      hist[o]! += g;
      hist[o + 1]! += h;
      hist[o + 2]! += 1;
    }
  }
}

/**
 * buildHistogram for a loss whose hessian is the same constant for every row (squared
 * error, Huber): only gradients and counts are accumulated, into `pairs` ([g, n] per bin, a
 * third smaller than the full histogram, so more of it stays in L1 cache), then spread into
 * hist with hessian sums count * hessian. Measured ~15% faster than buildHistogram.
 */
export function buildHistogramConstantHessian(
  hist: Float64Array,
  pairs: Float64Array,
  rows: CodeLayout,
  offsets: Uint32Array,
  start: number,
  end: number,
  grad: Float64Array,
  hessian: number,
): void {
  pairs.fill(0);
  const { codes, stride, numFeatures } = rows;
  const F4 = numFeatures & ~3;
  for (let i = start; i < end; i++) {
    const g = grad[i]!;
    const base = i * stride;
    let f = 0;
    // Unrolled by four, as in buildHistogram.
    for (; f < F4; f += 4) {
      const o0 = (offsets[f]! + codes[base + f]!) << 1;
      const o1 = (offsets[f + 1]! + codes[base + f + 1]!) << 1;
      const o2 = (offsets[f + 2]! + codes[base + f + 2]!) << 1;
      const o3 = (offsets[f + 3]! + codes[base + f + 3]!) << 1;
      pairs[o0]! += g;
      pairs[o0 + 1]! += 1;
      pairs[o1]! += g;
      pairs[o1 + 1]! += 1;
      pairs[o2]! += g;
      pairs[o2 + 1]! += 1;
      pairs[o3]! += g;
      pairs[o3 + 1]! += 1;
    }
    for (; f < numFeatures; f++) {
      const o = (offsets[f]! + codes[base + f]!) << 1;
      pairs[o]! += g;
      pairs[o + 1]! += 1;
    }
  }
  for (let b = 0, o = 0; o < hist.length; b += 2, o += HIST_STRIDE) {
    hist[o] = pairs[b]!;
    hist[o + 1] = pairs[b + 1]! * hessian;
    hist[o + 2] = pairs[b + 1]!;
  }
}

/**
 * The subtraction trick: a larger child's histogram is its parent's minus its sibling's, so
 * only the smaller child is built from rows. Overwrites parent with parent - sibling.
 */
export function subtractHistogram(parent: Float64Array, sibling: Float64Array): void {
  for (let i = 0; i < parent.length; i++) parent[i]! -= sibling[i]!;
}
