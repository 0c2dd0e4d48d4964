import { datasets, modelFeatures } from '@tabular-ct/core';
import { describe, expect, it } from 'vitest';
import { featureDefaults } from './feature-defaults.ts';

describe('featureDefaults', () => {
  it('takes the median number, the most frequent category and the median date of the training rows', () => {
    const rows = [
      { status: 'sold', bed: 2, bath: 1.5, acre_lot: 0.12345, house_size: 1_234, state: 'Ohio', city: 'Akron', prev_sold_date: '2015-03-01' },
      { status: 'for_sale', bed: 3, bath: 2, acre_lot: 0.2, house_size: 1_800, state: 'Ohio', city: 'Dayton', prev_sold_date: '2001-07-15' },
      { status: 'for_sale', bed: 4, bath: 2.5, acre_lot: 5, house_size: 2_500, state: 'Utah', city: 'Provo', prev_sold_date: '2020-11-30' },
    ];
    expect(featureDefaults(datasets.realtor, rows)).toEqual({
      status: 'for_sale',
      bed: 3,
      bath: 2,
      acre_lot: 0.2,
      house_size: 1_800,
      state: 'Ohio',
      // Three cities, once each: the first in sort order, whatever the rows' order.
      city: 'Akron',
      prev_sold_date: '2015-03-01',
    });
  });

  it('rounds an integer feature to a whole number and others to three significant digits', () => {
    const rows = [
      { bed: 2, house_size: 1_234.5, acre_lot: 0.123_45 },
      { bed: 3, house_size: 1_789.1, acre_lot: 0.176_66 },
    ];
    // Medians 2.5, 1,511.8 and 0.150055.
    expect(featureDefaults(datasets.realtor, rows)).toMatchObject({ bed: 3, house_size: 1_510, acre_lot: 0.15 });
  });

  it('ignores missing values, and gives a feature missing everywhere no default', () => {
    const rows = [
      { status: 'sold', bed: null, city: '', prev_sold_date: null },
      { status: 'sold', bed: 5, city: undefined },
      { status: 'for_sale', bed: null, city: 'Provo' },
    ];
    const defaults = featureDefaults(datasets.realtor, rows);
    expect(defaults).toEqual({ status: 'sold', bed: 5, city: 'Provo' });
    expect(defaults).not.toHaveProperty('prev_sold_date');
  });

  it('keeps a rounded default inside the column bounds, so it is valid input', () => {
    // A bound with more digits than the rounding keeps: 1.2346 would round to 1.23, below it.
    const spec = { ...datasets.realtor, columns: datasets.realtor.columns.map((c) => (c.name === 'bath' ? { ...c, min: 1.2345 } : c)) };
    expect(featureDefaults(spec, [{ bath: 1.2346 }]).bath).toBe(1.2345);
    expect(featureDefaults(datasets.realtor, [{ bath: 1.2346 }]).bath).toBe(1.23);
  });

  it('names only model features, never the target or an identifier', () => {
    const rows = [{ price: 300_000, street: '123', brokered_by: '77', status: 'sold', bed: 3 }];
    const names = new Set(modelFeatures(datasets.realtor).map((f) => f.name));
    for (const name of Object.keys(featureDefaults(datasets.realtor, rows))) expect(names).toContain(name);
  });
});
