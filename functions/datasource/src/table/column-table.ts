/**
 * A dataset file held in memory by column: numbers in a Float64Array (NaN when missing),
 * text as codes into a dictionary (-1 when missing). Diabetes' 91k rows x 50 columns take
 * a few tens of MB this way, against hundreds as row objects of strings.
 */
export type TableColumn =
  | { name: string; kind: 'number'; values: Float64Array }
  | { name: string; kind: 'text'; codes: Int32Array; dictionary: string[] };

export interface ColumnTable {
  columns: TableColumn[];
  rowCount: number;
}

// A field is a number when it is a plain decimal literal: what pandas reads as a float and
// the course API sends as a JSON number. Anything else (ICD-9 codes such as V57) is text.
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Builds a table from CSV records (the header first). A column is numeric when every
 * non-empty field of it is a number, as pandas infers it; an empty field is missing.
 */
export class ColumnTableBuilder {
  private header: string[] | undefined;
  private codes: number[][] = [];
  private dictionaries: Map<string, number>[] = [];
  private rows = 0;

  add(record: string[]): void {
    if (!this.header) {
      this.header = record;
      this.codes = record.map(() => []);
      this.dictionaries = record.map(() => new Map());
      return;
    }
    if (record.length !== this.header.length) {
      throw new Error(`row ${this.rows + 1} has ${record.length} fields, the header ${this.header.length}`);
    }
    for (let c = 0; c < record.length; c++) {
      const text = record[c] as string;
      const codes = this.codes[c] as number[];
      if (text === '') {
        codes.push(-1);
        continue;
      }
      const dictionary = this.dictionaries[c] as Map<string, number>;
      let code = dictionary.get(text);
      if (code === undefined) {
        code = dictionary.size;
        dictionary.set(text, code);
      }
      codes.push(code);
    }
    this.rows++;
  }

  build(): ColumnTable {
    if (!this.header) throw new Error('the file has no header line');
    const columns = this.header.map((name, c): TableColumn => {
      const dictionary = [...(this.dictionaries[c] as Map<string, number>).keys()];
      const codes = this.codes[c] as number[];
      if (dictionary.every((text) => NUMBER.test(text))) {
        const numbers = dictionary.map(Number);
        return { name, kind: 'number', values: Float64Array.from(codes, (code) => (code < 0 ? NaN : (numbers[code] as number))) };
      }
      return { name, kind: 'text', codes: Int32Array.from(codes), dictionary };
    });
    return { columns, rowCount: this.rows };
  }
}

/** True when the row has a value in every column. */
export function isComplete(table: ColumnTable, row: number): boolean {
  return table.columns.every((col) => (col.kind === 'number' ? !Number.isNaN(col.values[row]) : (col.codes[row] as number) >= 0));
}

/** The column of that name, or a clear error naming the columns there are. */
export function columnNamed(table: ColumnTable, name: string): TableColumn {
  const column = table.columns.find((c) => c.name === name);
  if (!column) throw new Error(`no column "${name}" in the dataset file (it has ${table.columns.map((c) => c.name).join(', ')})`);
  return column;
}

/** The text of a row's value (numbers as JavaScript writes them), or null when missing. */
export function textOf(column: TableColumn, row: number): string | null {
  if (column.kind === 'number') {
    const v = column.values[row] as number;
    return Number.isNaN(v) ? null : String(v);
  }
  const code = column.codes[row] as number;
  return code < 0 ? null : (column.dictionary[code] as string);
}
