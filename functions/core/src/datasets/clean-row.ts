import type { DatasetSpec } from './dataset-spec.ts';
import { normalizeValue, type CleanValue } from './normalize-value.ts';
import { printableText } from './storable-text.ts';
import { unwrapUnstorable } from './unstorable-row.ts';

/** A validated row: every column of the specification normalized, in specification order. */
export interface CleanRow {
  values: Record<string, CleanValue>;
  /** The training label: the value for regression, 1 or 0 for a binary target. */
  target: number;
}

export type RowOutcome = { ok: true; row: CleanRow } | { ok: false; field: string; reason: string };

/**
 * Normalizes and validates one raw row against its dataset's specification. The first
 * problem found rejects the row, naming the field and the reason; unknown fields reject it
 * too, since a row we cannot fully read is not one to train on, and so does a row RAW keeps
 * wrapped because PostgreSQL could not store it as it came.
 */
export function cleanRow(spec: DatasetSpec, raw: unknown): RowOutcome {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, field: '(row)', reason: `expected an object, got ${Array.isArray(raw) ? 'an array' : raw === null ? 'null' : typeof raw}` };
  }
  // A row RAW could only keep wrapped (unstorable-row.ts) is rejected with the reason it was wrapped for.
  const unstorable = unwrapUnstorable(raw);
  if (unstorable) return { ok: false, ...unstorable };
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    // The name is stored with the reject: escaped, since it is the data API's text, not ours.
    if (!spec.columns.some((c) => c.name === key)) return { ok: false, field: printableText(key), reason: 'is not a column of this dataset' };
  }
  const values: Record<string, CleanValue> = {};
  for (const column of spec.columns) {
    const outcome = normalizeValue(column, record[column.name], spec.missing);
    if (!outcome.ok) return { ok: false, field: column.name, reason: outcome.reason };
    values[column.name] = outcome.value;
  }
  const label = values[spec.target.column];
  const target =
    spec.target.task === 'binary' ? (spec.target.positive?.includes(String(label)) ? 1 : 0) : (label as number);
  return { ok: true, row: { values, target } };
}

/**
 * The text that identifies a row's content, for de-duplication across batches: the values
 * of every column in specification order. Two rows with the same text are the same record.
 */
export function rowContentKey(spec: DatasetSpec, row: CleanRow): string {
  return JSON.stringify(spec.columns.map((c) => row.values[c.name] ?? null));
}
