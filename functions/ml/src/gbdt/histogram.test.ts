import { describe, expect, it } from 'vitest';
import { buildGradientCounts, buildHistogram, HIST_STRIDE, newHistogram, subtractHistogram, sumBlocks } from './histogram.ts';
import { rowStride } from './binning.ts';
import { createRng } from '../random.ts';

function randomCase(rows: number, features: number, binsPerFeature: number) {
  const rng = createRng(7);
  const stride = rowStride(features);
  const codes = new Uint8Array(rows * stride);
  for (let r = 0; r < rows; r++) for (let f = 0; f < features; f++) codes[r * stride + f] = Math.floor(rng() * binsPerFeature);
  const grad = Float64Array.from({ length: rows }, () => rng() - 0.5);
  const hess = Float64Array.from({ length: rows }, () => rng());
  const offsets = Uint32Array.from({ length: features + 1 }, (_, f) => f * binsPerFeature);
  return { layout: { codes, stride, numFeatures: features }, offsets, grad, hess, totalBins: features * binsPerFeature };
}

describe('histograms', () => {
  it('sums gradient, hessian and count per bin like a direct loop', () => {
    const { layout, offsets, grad, hess, totalBins } = randomCase(200, 3, 5);
    const hist = newHistogram(totalBins);
    buildHistogram(hist, layout, offsets, 10, 110, grad, hess);
    const expected = new Float64Array(totalBins * HIST_STRIDE);
    for (let r = 10; r < 110; r++) {
      for (let f = 0; f < 3; f++) {
        const b = f * 5 + layout.codes[r * layout.stride + f]!;
        expected[b * 3]! += grad[r]!;
        expected[b * 3 + 1]! += hess[r]!;
        expected[b * 3 + 2]! += 1;
      }
    }
    for (let i = 0; i < expected.length; i++) expect(hist[i]).toBeCloseTo(expected[i]!, 12);
    // Each feature's bins hold every row once.
    for (let f = 0; f < 3; f++) {
      let n = 0;
      for (let b = 0; b < 5; b++) n += hist[(f * 5 + b) * 3 + 2]!;
      expect(n).toBe(100);
    }
  });

  it('gets the larger child as parent minus the smaller (subtraction trick)', () => {
    const { layout, offsets, grad, hess, totalBins } = randomCase(300, 4, 6);
    const parent = newHistogram(totalBins);
    const left = newHistogram(totalBins);
    const right = newHistogram(totalBins);
    buildHistogram(parent, layout, offsets, 0, 300, grad, hess);
    buildHistogram(left, layout, offsets, 0, 90, grad, hess);
    buildHistogram(right, layout, offsets, 90, 300, grad, hess);
    subtractHistogram(parent, left);
    for (let i = 0; i < parent.length; i++) expect(parent[i]).toBeCloseTo(right[i]!, 10);
  });

  it('gives the same histogram for a constant hessian without reading it', () => {
    const { layout, offsets, grad, totalBins } = randomCase(250, 4, 6);
    const hess = new Float64Array(250).fill(2);
    const full = newHistogram(totalBins);
    const fast = newHistogram(totalBins).fill(7);
    const pairs = new Float64Array(totalBins * 2).fill(3);
    buildHistogram(full, layout, offsets, 20, 230, grad, hess);
    buildGradientCounts(pairs, layout, offsets, 20, 230, grad);
    sumBlocks(fast, pairs, totalBins * 2, 1, 2);
    for (let i = 0; i < full.length; i++) expect(fast[i]).toBeCloseTo(full[i]!, 12);
  });

  it('sums block partials into the histogram of their rows, in block order', () => {
    const { layout, offsets, grad, hess, totalBins } = randomCase(300, 4, 6);
    const whole = newHistogram(totalBins);
    buildHistogram(whole, layout, offsets, 0, 300, grad, hess);
    const len = totalBins * HIST_STRIDE;
    const partials = new Float64Array(3 * len);
    for (let k = 0; k < 3; k++) buildHistogram(partials.subarray(k * len, (k + 1) * len), layout, offsets, k * 100, (k + 1) * 100, grad, hess);
    const summed = newHistogram(totalBins);
    sumBlocks(summed, partials, len, 3, undefined);
    for (let i = 0; i < whole.length; i++) expect(summed[i]).toBeCloseTo(whole[i]!, 12);
    // Exactly ((b0 + b1) + b2), whatever thread built each block.
    const bin = 5 * HIST_STRIDE;
    expect(summed[bin]).toBe(partials[bin]! + partials[len + bin]! + partials[2 * len + bin]!);
  });
});
