import { describe, expect, it } from 'vitest';
import { lookupFeature, rangesFeature, ratioFeature } from './derived-feature.ts';

describe('lookupFeature', () => {
  const table = new Map([['00601', 18.16], ['10001', 40.7484]]);

  it('looks the clean text up, and reads a raw number through the column normalization', () => {
    const zip = lookupFeature('zip_latitude', 'zip_code', table, 'zip5');
    expect(zip.compute({ zip_code: '00601' })).toBe(18.16);
    // The data API and the shared file drop leading zeros: 601.0 is ZIP 00601.
    expect(zip.compute({ zip_code: 601 })).toBe(18.16);
    expect(zip.compute({ zip_code: '601.0' })).toBe(18.16);
    expect(zip.compute({ zip_code: 10001 })).toBe(40.7484);
  });

  it('answers NaN for a missing value, an unknown key and an unreadable one', () => {
    const zip = lookupFeature('zip_latitude', 'zip_code', table, 'zip5');
    for (const value of [null, undefined, '99999', 'abc', 1_234_567]) expect(zip.compute({ zip_code: value })).toBeNaN();
  });

  it('without a normalization matches the text exactly', () => {
    const f = lookupFeature('x', 'c', new Map([['601', 1]]));
    expect(f.compute({ c: '601' })).toBe(1);
    expect(f.compute({ c: '00601' })).toBeNaN();
  });

  it('declares what the ONNX export compiles', () => {
    const f = lookupFeature('zip_latitude', 'zip_code', table, 'zip5');
    expect(f).toMatchObject({ name: 'zip_latitude', sources: ['zip_code'], kind: 'numeric', rule: { op: 'lookup', table, normalize: 'zip5' } });
  });
});

describe('rangesFeature', () => {
  const f = rangesFeature('g', 'code', [{ name: 'low', ranges: [[1, 9], [20, 20]] }, { name: 'high', ranges: [[100, 199]] }], 'other', ['V', 'E']);

  it('groups a code by its integer part, bounds included', () => {
    expect(['1', '9', '9.99', '20', '20.5', '100', '199.1'].map((c) => f.compute({ code: c }))).toEqual(['low', 'low', 'low', 'low', 'low', 'high', 'high']);
    expect(f.compute({ code: 5 })).toBe('low');
  });

  it('puts other numeric codes and prefixed codes in `otherwise`', () => {
    expect(['10', '21', '200', '999', 'V57', 'E909', 'V10.1'].map((c) => f.compute({ code: c }))).toEqual(Array(7).fill('other'));
  });

  it('answers null for a missing value and a code it cannot read', () => {
    expect([null, undefined, 'V', 'X12', '1234', '', 'abc'].map((c) => f.compute({ code: c }))).toEqual(Array(7).fill(null));
  });
});

describe('ratioFeature', () => {
  const f = ratioFeature('lot_to_floor', 'acre_lot', 'house_size', 43_560);

  it('divides, scaled, and reads its two sources', () => {
    expect(f.compute({ acre_lot: 0.5, house_size: 2_178 })).toBe(10);
    expect(f.sources).toEqual(['acre_lot', 'house_size']);
  });

  it('is missing when a source is, or the denominator is not positive', () => {
    expect(f.compute({ acre_lot: null, house_size: 1_000 })).toBeNaN();
    expect(f.compute({ acre_lot: 1, house_size: null })).toBeNaN();
    expect(f.compute({ acre_lot: 1, house_size: 0 })).toBeNaN();
    expect(f.compute({ acre_lot: 1 })).toBeNaN();
    expect(f.compute({ acre_lot: 0, house_size: 1_000 })).toBe(0);
  });
});
