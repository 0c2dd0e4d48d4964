import { describe, expect, it } from 'vitest';
import { buildHistogram, buildHistogramConstantHessian, HIST_STRIDE, newHistogram, subtractHistogram } from './histogram.ts';
import { rowStride } from './binning.ts';
import { createRng } from './random.ts';

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
    buildHistogram(full, layout, offsets, 20, 230, grad, hess);
    buildHistogramConstantHessian(fast, new Float64Array(totalBins * 2).fill(3), layout, offsets, 20, 230, grad, 2);
    for (let i = 0; i < full.length; i++) expect(fast[i]).toBeCloseTo(full[i]!, 12);
  });
});
