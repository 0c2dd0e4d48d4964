import { datasets, derivedFeatures } from '@tabular-ct/core';
import { describe, expect, it } from 'vitest';
import { buildTrainingSets, comparableRows, type SplitRow } from './feature-table.ts';

const row = (split: SplitRow['split'], target: number, features: SplitRow['features']): SplitRow => ({ split, target, features });

describe('buildTrainingSets', () => {
  const rows = [
    row('train', 100_000, { status: 'for_sale', bed: 3, bath: 2, acre_lot: 0.2, city: 'Ponce', state: 'Puerto Rico', zip_code: '00601', house_size: 1200, prev_sold_date: '1970-01-11', brokered_by: '77', street: '9' }),
    row('test', 300_000, { status: 'sold', bed: null, city: null, state: 'Ohio', prev_sold_date: null }),
    row('train', 200_000, { status: 'sold', bed: 4, state: 'Ohio', zip_code: '43004', prev_sold_date: '2000-01-01' }),
    row('validation', 150_000, { status: 'for_sale', state: 'Ohio' }),
  ];
  const sets = buildTrainingSets(datasets.realtor, rows);

  it('splits the rows by their CLEAN split, keeping their order, with the target as label', () => {
    expect([...sets.train.label]).toEqual([100_000, 200_000]);
    expect([...sets.validation.label]).toEqual([150_000]);
    expect([...sets.test.label]).toEqual([300_000]);
  });

  it('takes the feature columns only, numbers as numbers, categories as text, dates as days since 1970', () => {
    const names = sets.train.data.features.map((f) => f.name);
    expect(names).toEqual(['status', 'bed', 'bath', 'acre_lot', 'city', 'state', 'zip_code', 'house_size', 'prev_sold_date']);
    expect(names).not.toContain('brokered_by');
    const col = (name: string) => sets.train.data.columns[names.indexOf(name)];
    expect(col('bed')).toEqual(Float64Array.from([3, 4]));
    expect(col('zip_code')).toEqual(['00601', '43004']);
    expect(col('prev_sold_date')).toEqual(Float64Array.from([10, 10_957]));
    expect(sets.train.data.features.find((f) => f.name === 'prev_sold_date')?.kind).toBe('numeric');
  });

  it('writes missing values as NaN and empty strings, as the ONNX graph reads them', () => {
    const names = sets.test.data.features.map((f) => f.name);
    expect(sets.test.data.columns[names.indexOf('bed')]).toEqual(Float64Array.from([Number.NaN]));
    expect(sets.test.data.columns[names.indexOf('city')]).toEqual(['']);
    expect(sets.test.data.columns[names.indexOf('house_size')]).toEqual(Float64Array.from([Number.NaN]));
  });

  it('records how each feature was encoded', () => {
    expect(sets.features.find((f) => f.name === 'prev_sold_date')?.encoding).toBe('days-since-epoch');
  });

  it('appends the derived features after the raw ones; training rows take their out-of-fold comparables', async () => {
    const zips = { latitude: new Map([['00601', 18.16], ['43004', 40.01]]), longitude: new Map([['00601', -66.72], ['43004', -82.8]]) };
    const derived = await derivedFeatures(datasets.realtor, { loadZips: async () => ({ ok: true, value: zips }), train: comparableRows(datasets.realtor, rows) });
    if (!derived.ok) throw new Error(derived.error);
    const withDerived = buildTrainingSets(datasets.realtor, rows, derived.value);
    const names = withDerived.train.data.features.map((f) => f.name);
    expect(names.slice(8)).toEqual(['prev_sold_date', 'zip_latitude', 'zip_longitude', 'zip_nearby_log_price', 'zip_listings_10km', 'zip_listings_25km']);
    const column = (set: typeof withDerived.train, name: string) => set.data.columns[names.indexOf(name)];
    expect(column(withDerived.train, 'zip_latitude')).toEqual(Float64Array.from([18.16, 40.01]));
    // The fitted table for the other splits; the train rows' own values from the folds they are not in.
    expect(column(withDerived.train, 'zip_nearby_log_price')).toBe(derived.value.trainValues.get('zip_nearby_log_price'));
    expect(column(withDerived.validation, 'zip_nearby_log_price')).toEqual(Float64Array.from([Number.NaN]));
    expect(comparableRows(datasets.realtor, rows).map((r) => r.target)).toEqual([Math.log1p(100_000), Math.log1p(200_000)]);
    expect(withDerived.features.map((f) => f.name)).toEqual(sets.features.map((f) => f.name));
  });

  it('refuses fitted values for other rows than the training rows it builds', async () => {
    const derived = await derivedFeatures(datasets.realtor, { loadZips: async () => ({ ok: true, value: { latitude: new Map(), longitude: new Map() } }) });
    if (!derived.ok) throw new Error(derived.error);
    expect(() => buildTrainingSets(datasets.realtor, rows, derived.value)).toThrow(/zip_nearby_log_price: 0 fitted values for 2 training rows/);
  });
});
