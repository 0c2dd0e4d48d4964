import { describe, expect, it } from 'vitest';
import { lookupFeature, rangesFeature } from './derived-feature.ts';

describe('lookupFeature', () => {
  const table = new Map([['00601', 18.16], ['10001', 40.7484]]);
  const zip = lookupFeature('zip_latitude', 'zip_code', table);

  it('looks the clean text up', () => {
    expect(zip.compute({ zip_code: '00601' })).toBe(18.16);
    expect(zip.compute({ zip_code: '10001' })).toBe(40.7484);
  });

  it('answers NaN for a missing value and a key outside the table (the text as cleaned, nothing guessed)', () => {
    for (const value of [null, undefined, '99999', 'abc', '601', ' 00601']) expect(zip.compute({ zip_code: value })).toBeNaN();
  });

  it('declares what the ONNX export compiles', () => {
    expect(zip).toMatchObject({ name: 'zip_latitude', source: 'zip_code', kind: 'numeric', rule: { op: 'lookup', table } });
  });
});

describe('rangesFeature', () => {
  const f = rangesFeature('g', 'code', [{ name: 'low', ranges: [[1, 9], [20, 20]] }, { name: 'high', ranges: [[100, 199]] }], 'other', ['V', 'E']);

  it('groups a code by its integer part, bounds and leading zeros included', () => {
    expect(['1', '9', '9.99', '20', '20.5', '100', '199.1', '008', '020.', '05'].map((c) => f.compute({ code: c }))).toEqual([
      'low', 'low', 'low', 'low', 'low', 'high', 'high', 'low', 'low', 'low',
    ]);
    expect(f.compute({ code: 5 })).toBe('low');
  });

  it('puts other numeric codes and prefixed codes in `otherwise`', () => {
    expect(['0', '10', '21', '200', '999', 'V57', 'E909', 'V10.1', 'V1x'].map((c) => f.compute({ code: c }))).toEqual(Array(9).fill('other'));
  });

  it('answers null for a missing value and a code it cannot read', () => {
    expect([null, undefined, 'V', 'X12', '1234', '', 'abc', 'v57', '.5', '25 0', ' 250'].map((c) => f.compute({ code: c }))).toEqual(Array(11).fill(null));
  });
});
