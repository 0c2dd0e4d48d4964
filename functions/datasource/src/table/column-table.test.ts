import { describe, expect, it } from 'vitest';
import { ColumnTableBuilder, isComplete, textOf, type ColumnTable } from './column-table.ts';
import { rowJsonWriter } from './row-json.ts';

const tableOf = (records: string[][]): ColumnTable => {
  const builder = new ColumnTableBuilder();
  for (const r of records) builder.add(r);
  return builder.build();
};

describe('ColumnTable', () => {
  const table = tableOf([
    ['zip_code', 'city', 'diag', 'price'],
    ['601.0', 'Adjuntas', '250.83', '105000.0'],
    ['27253.0', '', 'V57', ''],
    ['', 'Say "hi"', '276', '1e3'],
  ]);
  const [zip, city, diag, price] = table.columns;

  it('types a column numeric only when every present field is a number, as pandas does', () => {
    expect(table.rowCount).toBe(3);
    expect(table.columns.map((c) => c.kind)).toEqual(['number', 'text', 'text', 'number']);
    expect(textOf(zip!, 0)).toBe('601');
    expect(textOf(zip!, 2)).toBeNull();
    expect(textOf(diag!, 0)).toBe('250.83');
    expect(textOf(city!, 1)).toBeNull();
    expect(textOf(price!, 2)).toBe('1000');
  });

  it('tells complete rows from rows with a missing value', () => {
    expect([0, 1, 2].map((r) => isComplete(table, r))).toEqual([true, false, false]);
  });

  it('writes rows as JSON objects: numbers as numbers, text as strings, missing as null', () => {
    const write = rowJsonWriter(table);
    expect(JSON.parse(write(0))).toEqual({ zip_code: 601, city: 'Adjuntas', diag: '250.83', price: 105000 });
    expect(write(0)).toBe('{"zip_code":601,"city":"Adjuntas","diag":"250.83","price":105000}');
    expect(JSON.parse(write(1))).toEqual({ zip_code: 27253, city: null, diag: 'V57', price: null });
    expect(JSON.parse(write(2))).toEqual({ zip_code: null, city: 'Say "hi"', diag: '276', price: 1000 });
  });

  it('refuses a row whose field count differs from the header', () => {
    const builder = new ColumnTableBuilder();
    builder.add(['a', 'b']);
    expect(() => builder.add(['1'])).toThrow(/row 1 has 1 fields/);
  });
});
