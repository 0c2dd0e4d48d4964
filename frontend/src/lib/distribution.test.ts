import type { ColumnProfile } from '@tabular-ct/core';
import { describe, expect, it } from 'vitest';
import { categoryShares, histogramShares } from './distribution.ts';

const numeric = (counts: number[], below = 0, above = 0): ColumnProfile => ({
  kind: 'numeric',
  count: 10,
  missing: 0,
  missing_share: 0,
  min: 0,
  max: 3,
  mean: 1,
  std: 1,
  quantiles: { p01: 0, p05: 0, p25: 0, p50: 1, p75: 2, p95: 3, p99: 3 },
  histogram: { edges: [0, 1, 2, 3], counts, below, above },
  target_correlation: null,
});
const categorical = (top: Array<[string, number]>): ColumnProfile => ({
  kind: 'categorical',
  count: 10,
  missing: 0,
  missing_share: 0,
  distinct: top.length,
  top: top.map(([value, share]) => ({ value, share, count: share * 10, target_mean: 1 })),
  target_correlation: null,
});

describe('distributions for comparing batches', () => {
  it('turns histogram counts into shares of the whole sample, outliers included', () => {
    expect(histogramShares(numeric([2, 4, 2], 1, 1))).toEqual([
      { x0: 0, x1: 1, share: 0.2 },
      { x0: 1, x1: 2, share: 0.4 },
      { x0: 2, x1: 3, share: 0.2 },
    ]);
    expect(histogramShares(numeric([0, 0, 0]))).toEqual([]);
  });

  it('lines up the categories of two samples, a category missing from one at zero', () => {
    expect(categoryShares(categorical([['a', 0.6], ['b', 0.4]]), categorical([['b', 0.7], ['c', 0.3]]))).toEqual([
      { value: 'a', reference: 0.6, current: 0 },
      { value: 'b', reference: 0.4, current: 0.7 },
      { value: 'c', reference: 0, current: 0.3 },
    ]);
  });
});
