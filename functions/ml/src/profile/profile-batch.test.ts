import { datasets } from '@tabular-ct/core';
import { describe, expect, it } from 'vitest';
import { profileBatch, type ProfileRow } from './profile-batch.ts';
import { averageRanks, quantileSorted } from './quantiles.ts';

describe('quantiles and ranks', () => {
  it('interpolates like numpy.quantile', () => {
    const xs = Float64Array.from([1, 2, 3, 4, 10]);
    // numpy.quantile([1,2,3,4,10], [0, .25, .5, .9, 1]) -> [1, 2, 3, 7.6, 10]
    expect([0, 0.25, 0.5, 0.9, 1].map((q) => quantileSorted(xs, q))).toEqual([1, 2, 3, expect.closeTo(7.6, 12), 10]);
  });

  it('gives ties the mean of their positions', () => {
    expect([...averageRanks(Float64Array.from([10, 20, 10, 30]))]).toEqual([1.5, 3, 1.5, 4]);
  });
});

describe('profileBatch', () => {
  const rows: ProfileRow[] = Array.from({ length: 100 }, (_, i) => ({
    values: {
      status: i % 4 === 0 ? 'sold' : 'for_sale',
      bed: i % 10 === 0 ? null : i % 5,
      house_size: 1000 + i * 10,
      prev_sold_date: i % 2 === 0 ? '2020-07-02' : null,
      city: null,
      bath: 2,
      acre_lot: 0.5,
      state: 'Ohio',
      zip_code: '00601',
    },
    target: 100_000 + i * 1_000,
  }));
  const profile = profileBatch(datasets.realtor, rows);

  it('profiles every feature and the target, not identifiers', () => {
    expect(profile.rows).toBe(100);
    expect(Object.keys(profile.columns).sort()).toEqual(['acre_lot', 'bath', 'bed', 'city', 'house_size', 'prev_sold_date', 'state', 'status', 'zip_code']);
    expect(profile.target).toMatchObject({ min: 100_000, max: 199_000, missing: 0 });
  });

  it('counts missing values and their share', () => {
    expect(profile.columns.bed).toMatchObject({ missing: 10, missing_share: 0.1, count: 100 });
    expect(profile.columns.city).toMatchObject({ kind: 'categorical', missing: 100, missing_share: 1, distinct: 0, top: [], target_correlation: null });
  });

  it('bins between the 1st and 99th percentiles and counts the tails apart', () => {
    const h = profile.columns.house_size;
    if (h?.kind !== 'numeric') throw new Error('house_size is numeric');
    expect(h.histogram.counts).toHaveLength(20);
    expect(h.histogram.below + h.histogram.above + h.histogram.counts.reduce((a, b) => a + b, 0)).toBe(100);
    // house_size rises with the target row by row: a perfect rank correlation.
    expect(h.target_correlation).toBe(1);
  });

  it('lists top categories with their share and mean target, and the correlation ratio', () => {
    const s = profile.columns.status;
    if (s?.kind !== 'categorical') throw new Error('status is categorical');
    expect(s.top.map((t) => [t.value, t.count, t.share])).toEqual([
      ['for_sale', 75, 0.75],
      ['sold', 25, 0.25],
    ]);
    expect(s.target_correlation).toBeGreaterThanOrEqual(0);
    expect(s.target_correlation).toBeLessThan(0.2);
  });

  it('profiles dates as fractional years', () => {
    expect(profile.columns.prev_sold_date).toMatchObject({ kind: 'date', missing: 50, min: expect.closeTo(2020.5, 1) });
  });
});
