// The synthetic regression set of the training-time benchmark: 10 numeric and 3 categorical
// features, a nonlinear target with interactions, missing values in two numeric columns.
import { writeFileSync } from 'node:fs';
import type { Dataset, FeatureSpec } from '@tabular-ct/ml';

export const SYNTHETIC_NUMERIC = 10;
export const SYNTHETIC_CATEGORICAL = 3;
const CATEGORY_COUNTS = [8, 40, 200];

export interface SyntheticSet {
  readonly data: Dataset;
  readonly label: Float64Array;
  /** Category codes per categorical feature (the strings are `k<code>`). */
  readonly codes: Uint16Array[];
}

/** Deterministic uniform numbers (xorshift32). */
function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** rows rows of the synthetic set, the same for a seed. */
export function syntheticRegression(rows: number, seed = 1): SyntheticSet {
  const rnd = xorshift(seed);
  const numeric = Array.from({ length: SYNTHETIC_NUMERIC }, () => new Float64Array(rows));
  const codes = CATEGORY_COUNTS.map(() => new Uint16Array(rows));
  const label = new Float64Array(rows);
  const effects = CATEGORY_COUNTS.map((k) => Array.from({ length: k }, () => rnd() * 4 - 2));
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < SYNTHETIC_NUMERIC; j++) numeric[j]![r] = rnd() * 2 - 1;
    for (let j = 0; j < CATEGORY_COUNTS.length; j++) codes[j]![r] = Math.floor(rnd() * CATEGORY_COUNTS[j]!);
    const x = (j: number) => numeric[j]![r]!;
    let y = 3 * Math.sin(3 * x(0)) + 2 * x(1) * x(2) + (x(3) > 0.2 ? 1.5 : -0.5) + x(4) ** 2 + 0.5 * x(5);
    for (let j = 0; j < CATEGORY_COUNTS.length; j++) y += effects[j]![codes[j]![r]!]! * (j === 1 ? 1 + x(6) : 1);
    label[r] = y + (rnd() - 0.5);
    if (rnd() < 0.05) numeric[7]![r] = NaN;
    if (rnd() < 0.2) numeric[8]![r] = NaN;
  }
  const names = CATEGORY_COUNTS.map((k) => Array.from({ length: k }, (_, i) => `k${i}`));
  const features: FeatureSpec[] = [
    ...numeric.map((_, j): FeatureSpec => ({ name: `x${j}`, kind: 'numeric' })),
    ...codes.map((_, j): FeatureSpec => ({ name: `c${j}`, kind: 'categorical' })),
  ];
  const columns = [...numeric, ...codes.map((c, j) => Array.from(c, (v) => names[j]![v]!))];
  return { data: { features, columns }, label, codes };
}

/** Writes the set as a row-major float64 matrix (numeric, category codes, label) for Python. */
export function writeSyntheticMatrix(set: SyntheticSet, path: string): void {
  const rows = set.label.length;
  const width = SYNTHETIC_NUMERIC + SYNTHETIC_CATEGORICAL + 1;
  const m = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < SYNTHETIC_NUMERIC; j++) m[r * width + j] = (set.data.columns[j] as Float64Array)[r]!;
    for (let j = 0; j < SYNTHETIC_CATEGORICAL; j++) m[r * width + SYNTHETIC_NUMERIC + j] = set.codes[j]![r]!;
    m[r * width + width - 1] = set.label[r]!;
  }
  writeFileSync(path, new Uint8Array(m.buffer));
}
