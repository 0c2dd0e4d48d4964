import { describe, expect, it } from 'vitest';
import { storableRow, unwrapUnstorable } from './unstorable-row.ts';

const row = { brokered_by: 1.0, city: 'Austin', status: 'for_sale' };

/** What PostgreSQL's jsonb would be sent: the text must carry no \u0000 and no lone-surrogate escape. */
const pgCanStore = (value: unknown): boolean => !/(?<!\\)(\\\\)*\\u(0000|d[89a-f])/i.test(JSON.stringify(value));

describe('storableRow', () => {
  it('keeps a row PostgreSQL can store as it is', () => {
    expect(storableRow(row)).toBe(row);
    expect(storableRow({ ...row, city: 'home 🏠', note: '\\u0000 as text' })).toEqual({ ...row, city: 'home 🏠', note: '\\u0000 as text' });
  });

  it.each([
    ['a NUL in a value', { ...row, city: 'Aus\u0000tin' }, 'city', 'contains a NUL character, which cannot be stored'],
    ['a lone surrogate in a value', { ...row, city: '\ud800' }, 'city', 'contains an unpaired UTF-16 surrogate, which cannot be stored'],
    ['a NUL in a field name', { ...row, 'ci\u0000ty': 'x' }, 'ci\\u0000ty', 'its name contains a NUL character, which cannot be stored'],
    ['a NUL deep in a nested value', { ...row, extra: [{ a: ['ok', 'b\u0000'] }] }, 'extra', 'contains a NUL character, which cannot be stored'],
    ['a NUL in a nested key', { ...row, extra: { 'k\u0000': 1 } }, 'extra', 'contains a NUL character, which cannot be stored'],
    ['a field named like the wrapper', { ...row, $unstorable: 1 }, '$unstorable', expect.stringContaining('wrapper')],
  ])('wraps a row with %s, naming the field and keeping the row as JSON text', (_what, bad, field, reason) => {
    const stored = storableRow(bad);
    expect(stored).toEqual({ $unstorable: { field, reason, json: expect.any(String) } });
    expect(pgCanStore(stored)).toBe(true);
    // The row comes back exactly, from JSON text that survives a trip through jsonb.
    const json = (JSON.parse(JSON.stringify(stored)) as { $unstorable: { json: string } }).$unstorable.json;
    expect(JSON.parse(json)).toEqual(bad);
    expect(unwrapUnstorable(stored)).toEqual({ field, reason });
  });

  it('wraps a row that is not an object but holds unstorable text, and finds it deep in nesting', () => {
    expect(storableRow(['\u0000'])).toMatchObject({ $unstorable: { field: '(row)' } });
    let deep: unknown = '\u0000';
    for (let i = 0; i < 3_000; i++) deep = [deep];
    expect(storableRow({ a: deep })).toMatchObject({ $unstorable: { field: 'a' } });
  });
});

describe('unwrapUnstorable', () => {
  it('reads only the wrapper', () => {
    expect(unwrapUnstorable(row)).toBeUndefined();
    expect(unwrapUnstorable(null)).toBeUndefined();
    expect(unwrapUnstorable({ $unstorable: 'no' })).toBeUndefined();
    expect(unwrapUnstorable({ $unstorable: { field: 'a', reason: 'why', json: '{}' } })).toEqual({ field: 'a', reason: 'why' });
  });
});
