import type { ColumnTable } from './column-table.ts';

/**
 * Writes rows of a table as JSON objects, as the course API sends them: numbers as JSON
 * numbers (the file's 601.0 is the number 601: JSON has no separate float), text as
 * strings, missing as null. Keys and dictionary entries are encoded once, not per row.
 */
export function rowJsonWriter(table: ColumnTable): (row: number) => string {
  const parts = table.columns.map((col, i) => {
    const key = `${i === 0 ? '{' : ','}${JSON.stringify(col.name)}:`;
    if (col.kind === 'number') {
      const { values } = col;
      return (row: number): string => {
        const v = values[row] as number;
        return key + (Number.isNaN(v) ? 'null' : String(v));
      };
    }
    const encoded = col.dictionary.map((text) => JSON.stringify(text));
    const { codes } = col;
    return (row: number): string => {
      const code = codes[row] as number;
      return key + (code < 0 ? 'null' : (encoded[code] as string));
    };
  });
  return (row) => {
    let out = '';
    for (const part of parts) out += part(row);
    return `${out}}`;
  };
}
