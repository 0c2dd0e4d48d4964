import type { ColumnTable } from './column-table.ts';

/** Writes one column's value of a row as JSON text (a number, a string or null). */
export type FieldWriter = (row: number) => string;

/**
 * A writer per column of the table, in column order: numbers as JSON numbers (the file's
 * 601.0 is the number 601: JSON has no separate float), text as strings, missing as null.
 * Dictionary entries are encoded once, not per row.
 */
export function fieldWriters(table: ColumnTable): FieldWriter[] {
  return table.columns.map((col) => {
    if (col.kind === 'number') {
      const { values } = col;
      return (row) => {
        const v = values[row] as number;
        return Number.isNaN(v) ? 'null' : String(v);
      };
    }
    const encoded = col.dictionary.map((text) => JSON.stringify(text));
    const { codes } = col;
    return (row) => {
      const code = codes[row] as number;
      return code < 0 ? 'null' : (encoded[code] as string);
    };
  });
}

/** The `{"name":` / `,"name":` text before each column's value, encoded once. */
export const fieldKeys = (table: ColumnTable): string[] => table.columns.map((col, i) => `${i === 0 ? '{' : ','}${JSON.stringify(col.name)}:`);

/** Writes rows of a table as JSON objects, as the course API sends them. */
export function rowJsonWriter(table: ColumnTable): (row: number) => string {
  const keys = fieldKeys(table);
  const fields = fieldWriters(table);
  return (row) => {
    let out = '';
    for (let c = 0; c < fields.length; c++) out += (keys[c] as string) + (fields[c] as FieldWriter)(row);
    return `${out}}`;
  };
}
