import { describe, expect, it } from 'vitest';
import { ColumnTableBuilder, type ColumnTable } from '../table/column-table.ts';
import { rowJsonWriter } from '../table/row-json.ts';
import { syntheticRowWriter, type CopyChange } from './synthetic-row-writer.ts';
import { CopyNumbering, copyOf } from './synthetic-rows.ts';

const tableOf = (records: string[][]): ColumnTable => {
  const builder = new ColumnTableBuilder();
  for (const r of records) builder.add(r);
  return builder.build();
};

const table = tableOf([
  ['street', 'price', 'city', 'size'],
  ['11.0', '100000.0', 'Tulsa', '900.0'],
  ['12.0', '250000.0', 'Say "hi"', ''],
  ['13.0', '90000.0', 'Erie', '1200.0'],
]);

describe('CopyNumbering', () => {
  it('gives a row\'s first copy the row itself and each later copy a new id after the table\'s rows', () => {
    const numbering = new CopyNumbering(table.rowCount, 10);
    const ids = [1, 1, 0, 1, 2, 0].map((row) => numbering.next(row));
    expect(ids).toEqual([1, 3, 0, 4, 2, 5]);
    const rows = numbering.build();
    expect(ids.map((id) => copyOf(rows, id))).toEqual([
      { source: 1, copy: 0 },
      { source: 1, copy: 1 },
      { source: 0, copy: 0 },
      { source: 1, copy: 2 },
      { source: 2, copy: 0 },
      { source: 0, copy: 1 },
    ]);
    expect([...rows.copies]).toEqual([2, 3, 1]);
  });

  it('refuses more copies than it has room for', () => {
    const numbering = new CopyNumbering(2, 1);
    numbering.next(0);
    numbering.next(0);
    expect(() => numbering.next(0)).toThrow(/more than 1 copies/);
  });
});

describe('syntheticRowWriter', () => {
  // Copies change price and size (columns 1 and 3): the price by 1,000 a copy, the size left to the file when missing.
  const change: CopyChange = {
    columns: [1, 3],
    write: (source, copy, out) => {
      out[0] = String((table.columns[1] as { values: Float64Array }).values[source]! + 1000 * copy);
      const size = (table.columns[3] as { values: Float64Array }).values[source]!;
      if (!Number.isNaN(size)) out[1] = String(size + copy);
    },
  };
  const numbering = new CopyNumbering(table.rowCount, 10);
  const ids = [0, 0, 1, 1, 0].map((row) => numbering.next(row));
  const write = syntheticRowWriter(table, numbering.build(), change);

  it('writes a first copy exactly as the file\'s row', () => {
    const plain = rowJsonWriter(table);
    expect(write(ids[0]!)).toBe(plain(0));
    expect(write(ids[2]!)).toBe(plain(1));
  });

  it('writes a later copy as its row with the copy\'s changes, the other columns as the file has them', () => {
    expect(JSON.parse(write(ids[1]!))).toEqual({ street: 11, price: 101_000, city: 'Tulsa', size: 901 });
    expect(JSON.parse(write(ids[4]!))).toEqual({ street: 11, price: 102_000, city: 'Tulsa', size: 902 });
    expect(write(ids[3]!)).toBe('{"street":12,"price":251000,"city":"Say \\"hi\\"","size":null}');
  });

  it('writes the same copy alike every time', () => {
    expect(ids.map(write)).toEqual(ids.map(write));
  });
});
