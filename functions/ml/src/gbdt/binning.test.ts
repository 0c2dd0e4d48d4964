import { describe, expect, it } from 'vitest';
import { applyBins, binOffsets, categoricalBin, fitBins, fitCategoricalBins, fitNumericBins, numericBin } from './binning.ts';
import { createRng } from '../random.ts';

describe('numeric binning', () => {
  it('gives each frequent distinct value its own bin, with midpoints as edges', () => {
    const v = Float64Array.from([1, 1, 1, 2, 2, 2, 4, 4, 4, NaN]);
    const bins = fitNumericBins(v, 255, 0);
    expect([...bins.upper]).toEqual([1.5, 3, Infinity]);
    expect(bins.missingBin).toBe(3);
    expect(bins.numBins).toBe(4);
    expect([...v].map((x) => numericBin(bins, x))).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3]);
  });

  it('merges values rarer than min_data_in_bin into the next bin', () => {
    const bins = fitNumericBins(Float64Array.from([1, 1, 1, 2, 3, 3, 3, 3, 3]), 255, 0);
    expect([...bins.upper]).toEqual([1.5, Infinity]);
  });

  it('cuts many distinct values into maxBin bins of about equal counts', () => {
    const rng = createRng(1);
    const v = Float64Array.from({ length: 1000 }, () => rng());
    const bins = fitNumericBins(v, 10, 0);
    expect(bins.upper.length).toBe(10);
    const counts = new Array<number>(10).fill(0);
    for (const x of v) counts[numericBin(bins, x)]! += 1;
    for (const c of counts) expect(Math.abs(c - 100)).toBeLessThanOrEqual(5);
  });

  it('keeps values between edges consistent: upper[b-1] < x <= upper[b]', () => {
    const rng = createRng(2);
    const v = Float64Array.from({ length: 500 }, () => Math.round(rng() * 50) / 7);
    const bins = fitNumericBins(v, 16, 0);
    for (const x of v) {
      const b = numericBin(bins, x);
      expect(x).toBeLessThanOrEqual(bins.upper[b]!);
      if (b > 0) expect(x).toBeGreaterThan(bins.upper[b - 1]!);
    }
  });

  it('uses the lower value as edge between adjacent doubles', () => {
    const a = 1;
    const b = 1 + Number.EPSILON;
    const bins = fitNumericBins(Float64Array.from([a, a, a, b, b, b]), 255, 0);
    expect(bins.upper[0]).toBe(a);
    expect(numericBin(bins, b)).toBe(1);
  });

  it('gives an all-missing column a single value bin', () => {
    const bins = fitNumericBins(Float64Array.from([NaN, NaN]), 255, 0);
    expect(bins.numBins).toBe(2);
    expect(numericBin(bins, NaN)).toBe(1);
  });
});

describe('categorical binning', () => {
  it('orders categories by frequency then name; missing, empty and unseen share the last bin', () => {
    const bins = fitCategoricalBins(['b', 'a', 'c', 'c', null, 'b', '', 'c'], 255);
    expect(bins.categories).toEqual(['c', 'b', 'a']);
    expect(categoricalBin(bins, 'a')).toBe(2);
    for (const s of [null, '', 'zzz']) expect(categoricalBin(bins, s)).toBe(3);
  });

  it('orders the kept categories by mean label when given one', () => {
    const bins = fitCategoricalBins(['a', 'b', 'c', 'a', 'b', 'c', 'd'], 255, Float64Array.of(5, 1, 3, 5, 1, 3, 9));
    expect(bins.categories).toEqual(['b', 'c', 'a', 'd']);
  });

  it('keeps at most maxBin categories', () => {
    const bins = fitCategoricalBins(['a', 'a', 'a', 'b', 'b', 'c'], 2);
    expect(bins.categories).toEqual(['a', 'b']);
    expect(categoricalBin(bins, 'c')).toBe(bins.missingBin);
  });
});

describe('applyBins', () => {
  it('writes row-major local codes, rows padded to four bytes', () => {
    const data = {
      features: [
        { name: 'x', kind: 'numeric' as const },
        { name: 'c', kind: 'categorical' as const },
      ],
      columns: [Float64Array.from([1, 1, 1, 5, 5, 5, NaN]), ['u', 'u', 'v', 'v', 'v', null, 'u']],
    };
    const mappers = fitBins(data, 255, 0);
    const binned = applyBins(data, mappers);
    // x: bins {<=3, >3, missing}; c: {u, v, missing} (a tie, ordered by name).
    expect(binned.stride).toBe(4);
    const pairs = Array.from({ length: 7 }, (_, r) => [binned.codes[r * 4]!, binned.codes[r * 4 + 1]!]);
    expect(pairs).toEqual([[0, 0], [0, 0], [0, 1], [1, 1], [1, 1], [1, 2], [2, 0]]);
    expect(binOffsets(mappers)).toEqual(Uint32Array.of(0, 3, 6));
  });
});
