import { describe, expect, it } from 'vitest';
import { featureColumns, type DatasetSpec } from '../datasets/dataset-spec.ts';
import { realtor } from '../datasets/realtor.ts';
import { datasets } from '../datasets/registry.ts';
import { err, ok } from '../errors/result.ts';
import { derivedFromJson, derivedToJson } from './derived-json.ts';
import { derivedFeatures } from './resolve-derived.ts';

// Four ZIP codes: two in Manhattan about 3 km apart, one in Chicago, one the data never lists.
const zips = {
  latitude: new Map([['10001', 40.7506], ['10003', 40.7318], ['60601', 41.8858], ['99501', 61.2167]]),
  longitude: new Map([['10001', -73.9972], ['10003', -73.9892], ['60601', -87.6181], ['99501', -149.8765]]),
};
const loadZips = async () => ok(zips);
const listing = (zip: string | null, logPrice: number, street: string) => ({ features: { zip_code: zip, street, city: 'x' }, target: logPrice });

describe('derivedFeatures', () => {
  it('places a realtor ZIP code from the package tables, and reads the ZIP code only', async () => {
    const resolved = await derivedFeatures(realtor, { loadZips });
    if (!resolved.ok) throw new Error(resolved.error);
    expect(resolved.value.features.map((f) => [f.name, f.source, f.kind])).toEqual([
      ['zip_latitude', 'zip_code', 'numeric'],
      ['zip_longitude', 'zip_code', 'numeric'],
      ['zip_nearby_log_price', 'zip_code', 'numeric'],
      ['zip_listings_10km', 'zip_code', 'numeric'],
      ['zip_listings_25km', 'zip_code', 'numeric'],
    ]);
    expect(resolved.value.features.slice(0, 2).map((f) => f.compute({ zip_code: '10001' }))).toEqual([40.7506, -73.9972]);
    // No training rows: no comparables anywhere.
    expect(resolved.value.features.slice(2).map((f) => f.compute({ zip_code: '10001' }))).toEqual([NaN, NaN, NaN]);
  });

  it('fits the comparables on the training rows: every ZIP code of the table gets its neighbours', async () => {
    const train = [
      ...Array.from({ length: 10 }, (_, i) => listing('10001', 13, `a${i}`)),
      ...Array.from({ length: 10 }, (_, i) => listing('60601', 12, `b${i}`)),
      listing(null, 20, 'c'),
      listing('00000', 20, 'd'),
    ];
    const resolved = await derivedFeatures(realtor, { train, loadZips });
    if (!resolved.ok) throw new Error(resolved.error);
    const [, , price, near10, near25] = resolved.value.features;
    // 10003 has no listing: its ten nearest are 10001's, 3 km away; Anchorage's are Chicago's (nearer than New York).
    expect(price!.compute({ zip_code: '10003' })).toBe(13);
    expect(price!.compute({ zip_code: '99501' })).toBe(12);
    expect(near10!.compute({ zip_code: '10003' })).toBe(0.5);
    expect(near25!.compute({ zip_code: '60601' })).toBe(0.5);
    expect(near10!.compute({ zip_code: '99501' })).toBe(0);
    // A ZIP code outside the package's table, or none, has no place: missing.
    expect([price!.compute({ zip_code: '00000' }), price!.compute({ zip_code: null })]).toEqual([NaN, NaN]);
    expect(resolved.value.trainValues.get('zip_nearby_log_price')).toHaveLength(train.length);
  });

  it("gives a training row comparables without its own fold's rows, so never its own price", async () => {
    // One listing per ZIP code: out of fold, a row can only see the other ZIP code's price.
    const train = [listing('10001', 13, 'a'), listing('60601', 12, 'b')];
    const resolved = await derivedFeatures(realtor, { train, loadZips });
    if (!resolved.ok) throw new Error(resolved.error);
    const own = resolved.value.trainValues.get('zip_nearby_log_price')!;
    // Either the other listing (different folds) or nothing (same fold): never its own 13 or 12.
    expect([13, 12].every((v, i) => own[i] !== v)).toBe(true);
    expect(resolved.value.features[2]!.compute({ zip_code: '10001' })).toBe(12.5);
  });

  it('passes on a table that cannot be loaded, and loads none when no rule needs one', async () => {
    expect(await derivedFeatures(realtor, { loadZips: async () => err('zipcodes: broken') })).toEqual({ ok: false, error: 'zipcodes: broken' });
    const noDerived: DatasetSpec = { ...realtor, derived: undefined };
    const none = await derivedFeatures(noDerived, { loadZips: () => Promise.reject(new Error('must not load')) });
    expect(none.ok && none.value.features).toEqual([]);
  });

  it('every declared feature reads a categorical feature column and names a new model input', () => {
    for (const spec of Object.values(datasets)) {
      const columns = new Map(featureColumns(spec).map((c) => [c.name, c]));
      const names = new Set(spec.columns.map((c) => c.name));
      for (const d of spec.derived ?? []) {
        expect(columns.get(d.source)?.kind, `${spec.name}.${d.name}`).toBe('categorical');
        expect(names.has(d.name), `${spec.name}.${d.name}`).toBe(false);
        names.add(d.name);
      }
    }
  });
});

describe('derived_features.json', () => {
  it('round-trips every rule, tables included', async () => {
    for (const spec of Object.values(datasets)) {
      const resolved = await derivedFeatures(spec, { train: [listing('10001', 13, 'a'), listing('60601', 12, 'b')], loadZips });
      if (!resolved.ok) throw new Error(resolved.error);
      const { features } = resolved.value;
      const back = derivedFromJson(JSON.parse(JSON.stringify(derivedToJson(features))));
      if (!back.ok) throw new Error(back.error);
      expect(derivedToJson(back.value)).toEqual(derivedToJson(features));
      for (const row of [{ zip_code: '10003', diag_1: '428', diag_2: 'V57', diag_3: null, age: '[70-80)' }, {}]) {
        expect(back.value.map((f) => f.compute(row))).toEqual(features.map((f) => f.compute(row)));
      }
    }
  });

  it('names what is wrong with a damaged file', () => {
    const bad = derivedFromJson([{ name: 'zip_latitude', source: 'zip_code', rule: { op: 'lookup', table: { '00601': 'north' } } }]);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/^derived_features\.json: .*table/);
  });
});
