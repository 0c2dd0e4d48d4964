import type { ColumnTable } from '../table/column-table.ts';
import { fieldKeys, fieldWriters, rowJsonWriter, type FieldWriter } from '../table/row-json.ts';
import type { SyntheticRows } from './synthetic-rows.ts';

/** What a later copy of a file row changes: a function of (source, copy) alone, so a copy is written alike in every answer. */
export interface CopyChange {
  /** Indices of the columns copies change, ascending. */
  columns: number[];
  /**
   * Writes the values copy `copy` (from 1) of file row `source` takes in those columns, as
   * JSON text, in their order, into `out`; one left undefined is written as the file has it.
   */
  write(source: number, copy: number, out: Array<string | undefined>): void;
}

// The most text kept around copied rows, in characters: a few MB, whatever the dataset.
const KEPT_CHARS = 4_000_000;

/**
 * Writes the rows of a course-scale layout as the course API sends them: a file row's id as
 * the file has it (rowJsonWriter), a synthetic id as its file row with the copy's changes.
 * Copies are made here, when served, never held: a batch of 361,457 rows is a Uint32Array.
 */
export function syntheticRowWriter(table: ColumnTable, rows: SyntheticRows, change: CopyChange): (id: number) => string {
  const plain = rowJsonWriter(table);
  const keys = fieldKeys(table);
  const fields = fieldWriters(table);
  const { columns } = change;
  // For each column, the index of its value among the changed ones, or -1.
  const changedAt = fields.map((_, c) => columns.indexOf(c));
  const out = new Array<string | undefined>(columns.length);
  const valueOf = (c: number, source: number): string => {
    const j = changedAt[c] as number;
    return (j < 0 ? undefined : out[j]) ?? (fields[c] as FieldWriter)(source);
  };
  // The text of a file row around the changed values, made at its first copy and kept while
  // the kept text is small: realtor's 4,422 rows copied a million times take 1 MB and write
  // twice as fast. Diabetes' rows are five times longer and copied twice on average: past
  // the limit, a copy is written column by column, as a file row is.
  const around: Array<string[] | undefined> = [];
  let kept = 0;
  const keep = (source: number): void => {
    const pieces: string[] = [];
    let piece = '';
    for (let c = 0; c < fields.length; c++) {
      piece += keys[c] as string;
      if ((changedAt[c] as number) >= 0) {
        pieces.push(piece);
        piece = '';
      } else piece += (fields[c] as FieldWriter)(source);
    }
    pieces.push(`${piece}}`);
    const chars = pieces.reduce((sum, p) => sum + p.length, 0);
    if (kept + chars > KEPT_CHARS) return;
    around[source] = pieces;
    kept += chars;
  };
  const seen = new Uint8Array(rows.copies.length);
  return (id) => {
    if (id < rows.firstId) return plain(id);
    const source = rows.source[id - rows.firstId] as number;
    out.fill(undefined);
    change.write(source, rows.copy[id - rows.firstId] as number, out);
    if (!seen[source]) {
      seen[source] = 1;
      if (kept < KEPT_CHARS) keep(source);
    }
    const pieces = around[source];
    let text = '';
    if (pieces) {
      text = pieces[0] as string;
      for (let j = 0; j < columns.length; j++) text += (out[j] ?? (fields[columns[j] as number] as FieldWriter)(source)) + (pieces[j + 1] as string);
      return text;
    }
    for (let c = 0; c < fields.length; c++) text += (keys[c] as string) + valueOf(c, source);
    return `${text}}`;
  };
}
