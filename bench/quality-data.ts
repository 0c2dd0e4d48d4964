// Rows of the quality benchmark: a shared file read the way the platform reads a batch. Every
// row passes the dataset specification's cleaning (core's cleanRow), repeats of a record are
// set aside as preprocess does, and each row gets the split preprocess would give it
// (core's assignSplit: a hash of the row's group key, so a house or a patient is never on
// both sides). The derived features are the specification's, computed by core's rules.
import {
  assignSplit,
  cleanRow,
  encodeColumns,
  rowContentKey,
  type DatasetSpec,
  type DerivedFeature,
  type DerivedSet,
  type DerivedValue,
  type ModelFeature,
} from '@tabular-ct/core';
import type { Column } from '@tabular-ct/ml';
import { derivedColumns, type SplitRow } from '../functions/train/src/feature-table.ts';
import { readCsv } from './gbdt-data.ts';

interface QualityData {
  readonly spec: DatasetSpec;
  /** Rows of the file, rows the cleaning rejected (by reason) and repeats set aside. */
  readonly counts: { read: number; rejected: number; duplicates: number; rejectedBy: Record<string, number> };
  /** Clean rows in file order, each with its split. */
  readonly rows: readonly SplitRow[];
}

/**
 * The split of a clean row. Seed 0 is the platform's own split (assignSplit); another seed
 * salts the name assignSplit hashes with the group key, which gives another split of the same
 * shares and the same grouping without a second implementation of it.
 */
function splitOf(spec: DatasetSpec, seed: number, row: Parameters<typeof assignSplit>[1]) {
  return assignSplit(seed === 0 ? spec : { ...spec, name: `${spec.name}#${seed}` }, row);
}

/**
 * The shared file `<spec.name>.csv.gz`, cleaned and split; text fields go to cleanRow as read,
 * as the data API's would. `maxRows` keeps the file's first rows only, for trial runs.
 */
export function loadQualityData(spec: DatasetSpec, splitSeed: number, maxRows = Infinity): QualityData {
  const { header, rows: all } = readCsv(`${spec.name}.csv.gz`);
  const records = all.slice(0, maxRows);
  const rejectedBy: Record<string, number> = {};
  const seen = new Set<string>();
  const rows: SplitRow[] = [];
  let rejected = 0;
  let duplicates = 0;
  for (const record of records) {
    const outcome = cleanRow(spec, Object.fromEntries(header.map((h, j) => [h, record[j] ?? ''])));
    if (!outcome.ok) {
      rejected++;
      const why = `${outcome.field}: ${outcome.reason.replace(/-?\d[\d.e+-]*/g, 'N')}`;
      rejectedBy[why] = (rejectedBy[why] ?? 0) + 1;
      continue;
    }
    const key = rowContentKey(spec, outcome.row);
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    rows.push({ split: splitOf(spec, splitSeed, outcome.row), features: outcome.row.values, target: outcome.row.target });
  }
  return { spec, counts: { read: records.length, rejected, duplicates, rejectedBy }, rows };
}

/** Whether a row lacks a value of a feature the specification lets be missing (a feature that is not required). */


/**
 * What the test rows are made of, for the report: how many miss each feature, how many carry
 * a category never seen in training (new ZIP codes), and how many get a missing
 * derived value (a ZIP code the package does not know, a diagnosis code no chapter reads).
 */
export function testRowProfile(features: readonly ModelFeature[], derived: readonly DerivedFeature[], trainRows: readonly SplitRow[], testRows: readonly SplitRow[]) {
  const count = (test: (r: SplitRow) => boolean) => testRows.filter(test).length;
  const absent = (v: DerivedValue | undefined) => v === null || v === undefined || Number.isNaN(v);
  const unseen = (name: string) => {
    const known = new Set(trainRows.map((r) => r.features[name]));
    return count((r) => !absent(r.features[name]) && !known.has(r.features[name]));
  };
  return {
    missing_by_field: Object.fromEntries(features.map((f) => [f.name, count((r) => absent(r.features[f.name]))])),
    unseen_in_train: Object.fromEntries(features.filter((f) => f.kind === 'categorical').map((f) => [f.name, unseen(f.name)])),
    derived_missing: Object.fromEntries(derived.map((f) => [f.name, count((r) => absent(f.compute(r.features)))])),
  };
}

const csvField = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/**
 * The table the LightGBM side reads: split, target, the model's raw inputs encoded as the
 * product encodes them (core's encodeColumns: dates as days since 1970, ZIP codes as text),
 * then the derived columns as training gives them (derivedColumns). Missing
 * is an empty field; numbers are written in JavaScript's shortest round-trip form, so
 * Python parses the same doubles.
 */
export function lightgbmTable(features: readonly ModelFeature[], derived: DerivedSet, rows: readonly SplitRow[]): string {
  const raw = encodeColumns(features, rows.map((r) => r.features));
  // Train rows take the fitted out-of-fold comparables, as buildTrainingSets gives ours.
  const columns: Column[] = [...features.map((f) => raw[f.name]!), ...derivedColumns(derived, rows)];
  const cell = (c: Column, i: number): string => {
    const v = c[i];
    if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
    return v === null || v === undefined ? '' : csvField(v);
  };
  const lines = [['split', 'target', ...features.map((f) => f.name), ...derived.features.map((f) => f.name)].map(csvField).join(',')];
  rows.forEach((r, i) => lines.push([r.split, String(r.target), ...columns.map((c) => cell(c, i))].join(',')));
  return lines.join('\n') + '\n';
}

/** What the LightGBM side needs to know of the table's columns. */
export function lightgbmMeta(spec: DatasetSpec, features: readonly ModelFeature[], derived: readonly DerivedFeature[], fit: readonly string[]) {
  return {
    dataset: spec.name,
    task: spec.target.task,
    transform: spec.target.transform ?? 'none',
    raw: features.map((f) => ({ name: f.name, kind: f.kind })),
    derived: derived.map((f) => ({ name: f.name, kind: f.kind })),
    fit,
  };
}
