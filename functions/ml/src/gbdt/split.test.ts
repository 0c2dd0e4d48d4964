import { describe, expect, it } from 'vitest';
import type { BinMapper } from './binning.ts';
import { applyBins, binOffsets, fitBins } from './binning.ts';
import { CAT_L2 } from './constants.ts';
import type { Dataset } from '../dataset.ts';
import { buildHistogram, newHistogram } from './histogram.ts';
import { createRng } from '../random.ts';
import type { SplitLimits } from './split.ts';
import { findBestSplit, leafScore } from './split.ts';

const limits: SplitLimits = { categoricalSplit: 'set', minDataInLeaf: 5, minSumHessianInLeaf: 1e-3, lambdaL2: 1, minGainToSplit: 0 };

function setup(data: Dataset, seed: number) {
  const rng = createRng(seed);
  const n = data.columns[0]!.length;
  const grad = Float64Array.from({ length: n }, () => rng() * 2 - 1);
  const hess = Float64Array.from({ length: n }, () => 0.5 + rng());
  const mappers = fitBins(data, 255, 0);
  const binned = applyBins(data, mappers);
  const offsets = binOffsets(mappers);
  const hist = newHistogram(offsets[mappers.length]!);
  buildHistogram(hist, binned, offsets, 0, n, grad, hess);
  let g = 0;
  let h = 0;
  for (let i = 0; i < n; i++) {
    g += grad[i]!;
    h += hess[i]!;
  }
  return { grad, hess, mappers, binned, offsets, hist, total: { g, h, n } };
}

/** Gain of sending the rows with goLeft(row) left, straight from the rows; null if a limit fails. */
function directGain(grad: Float64Array, hess: Float64Array, goLeft: (r: number) => boolean, l2: number, lim: SplitLimits) {
  let lg = 0, lh = 0, ln = 0, rg = 0, rh = 0, rn = 0;
  for (let r = 0; r < grad.length; r++) {
    if (goLeft(r)) { lg += grad[r]!; lh += hess[r]!; ln++; } else { rg += grad[r]!; rh += hess[r]!; rn++; }
  }
  if (ln < lim.minDataInLeaf || rn < lim.minDataInLeaf || lh < lim.minSumHessianInLeaf || rh < lim.minSumHessianInLeaf) return null;
  return leafScore(lg, lh, l2) + leafScore(rg, rh, l2) - leafScore(lg + rg, lh + rh, lim.lambdaL2);
}

describe('numeric split finding', () => {
  const rng = createRng(3);
  const x = Float64Array.from({ length: 120 }, () => (rng() < 0.15 ? NaN : Math.floor(rng() * 12)));
  const data: Dataset = { features: [{ name: 'x', kind: 'numeric' }], columns: [x] };

  it('finds the best threshold and missing side, as brute force over the rows does', () => {
    const s = setup(data, 4);
    const split = findBestSplit(s.hist, s.offsets, s.mappers, s.total, limits, Uint8Array.of(1))!;
    const m = s.mappers[0] as Extract<BinMapper, { kind: 'numeric' }>;
    let best = -Infinity;
    for (const thr of m.upper.slice(0, -1))
      for (const missingLeft of [false, true]) {
        const gain = directGain(s.grad, s.hess, (r) => (Number.isNaN(x[r]!) ? missingLeft : x[r]! <= thr), limits.lambdaL2, limits);
        if (gain !== null && gain > best) best = gain;
      }
    expect(split.gain).toBeCloseTo(best, 10);
    const thr = m.upper[split.thresholdBin]!;
    const again = directGain(s.grad, s.hess, (r) => (Number.isNaN(x[r]!) ? split.missingLeft : x[r]! <= thr), limits.lambdaL2, limits);
    expect(again).toBeCloseTo(split.gain, 10);
    expect(split.left.n + split.right.n).toBe(120);
  });

  it('respects min_data_in_leaf and min_gain_to_split', () => {
    const s = setup(data, 5);
    const strict = { ...limits, minDataInLeaf: 50 };
    const split = findBestSplit(s.hist, s.offsets, s.mappers, s.total, strict, Uint8Array.of(1))!;
    expect(Math.min(split.left.n, split.right.n)).toBeGreaterThanOrEqual(50);
    expect(findBestSplit(s.hist, s.offsets, s.mappers, s.total, { ...limits, minGainToSplit: 1e9 }, Uint8Array.of(1))).toBeNull();
    expect(findBestSplit(s.hist, s.offsets, s.mappers, s.total, { ...limits, minDataInLeaf: 61 }, Uint8Array.of(1))).toBeNull();
  });

  it('skips features that are not allowed', () => {
    const s = setup(data, 4);
    expect(findBestSplit(s.hist, s.offsets, s.mappers, s.total, limits, Uint8Array.of(0))).toBeNull();
  });
});

describe('categorical split finding', () => {
  it('tries each of few categories against the rest', () => {
    const rng = createRng(8);
    const c = Array.from({ length: 90 }, () => ['a', 'b', 'c'][Math.floor(rng() * 3)]!);
    const data: Dataset = { features: [{ name: 'c', kind: 'categorical' }], columns: [c] };
    const s = setup(data, 9);
    const split = findBestSplit(s.hist, s.offsets, s.mappers, s.total, limits, Uint8Array.of(1))!;
    const cats = (s.mappers[0] as Extract<BinMapper, { kind: 'categorical' }>).categories;
    const best = Math.max(...cats.map((k) => directGain(s.grad, s.hess, (r) => c[r] === k, limits.lambdaL2, limits) ?? -Infinity));
    expect(split.leftBins).toHaveLength(1);
    expect(split.gain).toBeCloseTo(best, 10);
  });

  it('finds the best category set among all subsets (sorted-prefix search, cat_l2)', () => {
    const cats = ['a', 'b', 'c', 'd', 'e', 'f'];
    const rng = createRng(10);
    const c = Array.from({ length: 1200 }, (_, i) => cats[i % 6]!);
    const data: Dataset = { features: [{ name: 'c', kind: 'categorical' }], columns: [c] };
    const s = setup(data, 11);
    // Plant a set effect: a, c, f push the gradient one way.
    for (let r = 0; r < c.length; r++) s.grad[r] = (['a', 'c', 'f'].includes(c[r]!) ? 1 : -0.8) + (rng() - 0.5);
    buildHistogram(s.hist, s.binned, s.offsets, 0, 1200, s.grad, s.hess);
    const total = { g: s.grad.reduce((a, b) => a + b, 0), h: s.total.h, n: 1200 };
    const split = findBestSplit(s.hist, s.offsets, s.mappers, total, limits, Uint8Array.of(1))!;
    let best = -Infinity;
    for (let mask = 1; mask < 63; mask++) {
      const gain = directGain(s.grad, s.hess, (r) => ((mask >> cats.indexOf(c[r]!)) & 1) === 1, limits.lambdaL2 + CAT_L2, limits);
      if (gain !== null && gain > best) best = gain;
    }
    expect(split.gain).toBeCloseTo(best, 8);
    const mapped = (s.mappers[0] as Extract<BinMapper, { kind: 'categorical' }>).categories;
    const leftCats = split.leftBins!.map((b) => mapped[b]).sort();
    expect([['a', 'c', 'f'], ['b', 'd', 'e']]).toContainEqual(leftCats);
  });

  it('cuts label-ordered codes at one threshold in ordered mode, learning the missing side', () => {
    const rng = createRng(12);
    const cats = ['a', 'b', 'c', 'd', 'e', 'f'];
    const c = Array.from({ length: 600 }, () => (rng() < 0.1 ? null : cats[Math.floor(rng() * 6)]!));
    const data: Dataset = { features: [{ name: 'c', kind: 'categorical' }], columns: [c] };
    const s = setup(data, 13);
    const ordered = { ...limits, categoricalSplit: 'ordered' as const };
    const split = findBestSplit(s.hist, s.offsets, s.mappers, s.total, ordered, Uint8Array.of(1))!;
    expect(split.leftBins).toBeNull();
    const m = s.mappers[0] as Extract<BinMapper, { kind: 'categorical' }>;
    const code = (r: number) => (c[r] === null ? NaN : m.categories.indexOf(c[r]!));
    let best = -Infinity;
    for (let t = 0; t < m.categories.length - 1; t++)
      for (const missingLeft of [false, true]) {
        const gain = directGain(s.grad, s.hess, (r) => (Number.isNaN(code(r)) ? missingLeft : code(r) <= t), limits.lambdaL2, limits);
        if (gain !== null && gain > best) best = gain;
      }
    expect(split.gain).toBeCloseTo(best, 10);
  });
});
