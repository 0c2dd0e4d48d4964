// Loads the shared datasets for the GBDT benchmark: gzip CSV -> feature columns, with the
// same preparation the LightGBM script (lightgbm_bench.py) applies, so both engines see the
// same rows, features and split.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { csvRecordsOf } from '@tabular-ct/core';
import type { Column, FeatureSpec, LabeledData } from '@tabular-ct/ml';

/** Directory of the shared datasets: DATASETS_DIR, else ../shared/datasets from the repo root. */
export function datasetsDir(): string {
  return process.env.DATASETS_DIR ?? join(import.meta.dirname, '..', '..', 'shared', 'datasets');
}

/** A shared gzip CSV file (`name` in datasetsDir()): its header and records. */
export function readCsv(name: string): { header: string[]; rows: string[][] } {
  const [header = [], ...rows] = csvRecordsOf(gunzipSync(readFileSync(join(datasetsDir(), name))).toString('utf8'));
  return { header, rows };
}

export interface Split {
  readonly train: LabeledData;
  readonly test: LabeledData;
}

function num(s: string, missing: string[] = ['']): number {
  return missing.includes(s) ? NaN : Number(s);
}

function build(
  features: FeatureSpec[],
  get: (row: string[], f: FeatureSpec) => number | string | null,
  rows: string[][],
  label: (row: string[]) => number,
  isTest: (row: string[], i: number) => boolean,
): Split {
  const part = (sel: string[][]): LabeledData => ({
    data: {
      features,
      columns: features.map((f): Column =>
        f.kind === 'numeric' ? Float64Array.from(sel, (r) => get(r, f) as number) : sel.map((r) => get(r, f) as string | null),
      ),
    },
    label: Float64Array.from(sel, label),
  });
  const train: string[][] = [];
  const test: string[][] = [];
  rows.forEach((r, i) => (isTest(r, i) ? test : train).push(r));
  return { train: part(train), test: part(test) };
}

/**
 * realtor: every row with a price; target price (trained on log1p). Fixed split: every fifth
 * row (file order) is test. prev_sold_date becomes days since 1970; ids stay numeric as in
 * the file; status, city and state are categorical.
 */
export function loadRealtor(): Split {
  const { header, rows } = readCsv('realtor.csv.gz');
  const col = (n: string) => header.indexOf(n);
  const priced = rows.filter((r) => r[col('price')] !== '' && r.length === header.length);
  const cats = new Set(['status', 'city', 'state']);
  const names = ['brokered_by', 'status', 'bed', 'bath', 'acre_lot', 'street', 'city', 'state', 'zip_code', 'house_size', 'prev_sold_date'];
  const features: FeatureSpec[] = names.map((name) => ({ name, kind: cats.has(name) ? 'categorical' : 'numeric' }));
  return build(
    features,
    (r, f) => {
      const s = r[col(f.name)]!;
      if (f.kind === 'categorical') return s === '' ? null : s;
      if (f.name === 'prev_sold_date') return s === '' ? NaN : Date.parse(s) / 86_400_000;
      return num(s);
    },
    priced,
    (r) => Number(r[col('price')]),
    (_r, i) => i % 5 === 4,
  );
}

/** 32-bit FNV-1a hash of a string: a stable, seedless way to assign groups to a split. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * diabetes: target readmitted "<30" against the rest; encounter_id and patient_nbr dropped;
 * "?" is missing. Patient split: a patient's encounters are all test when the FNV-1a hash
 * of patient_nbr is 0 mod 5 (about 20% of patients).
 */
export function loadDiabetes(): Split {
  const { header, rows } = readCsv('diabetes.csv.gz');
  const col = (n: string) => header.indexOf(n);
  const numeric = new Set([
    'time_in_hospital',
    'num_lab_procedures',
    'num_procedures',
    'num_medications',
    'number_outpatient',
    'number_emergency',
    'number_inpatient',
    'number_diagnoses',
  ]);
  const drop = new Set(['encounter_id', 'patient_nbr', 'readmitted']);
  const features: FeatureSpec[] = header
    .filter((h) => !drop.has(h))
    .map((name) => ({ name, kind: numeric.has(name) ? 'numeric' : 'categorical' }));
  const full = rows.filter((r) => r.length === header.length);
  return build(
    features,
    (r, f) => {
      const s = r[col(f.name)]!;
      if (f.kind === 'numeric') return num(s, ['', '?']);
      return s === '?' || s === '' ? null : s;
    },
    full,
    (r) => (r[col('readmitted')] === '<30' ? 1 : 0),
    (r) => fnv1a(r[col('patient_nbr')]!) % 5 === 0,
  );
}
