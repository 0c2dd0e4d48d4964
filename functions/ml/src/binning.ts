import { BIN_SAMPLE_COUNT, MIN_DATA_IN_BIN } from './constants.ts';
import type { Column, Dataset } from './dataset.ts';
import { rowCount } from './dataset.ts';
import { createRng, sampleIndices } from './random.ts';

/**
 * Numeric feature: value bin b holds the values x with upper[b-1] < x <= upper[b]; the last
 * upper bound is +Infinity. NaN goes to the missing bin, which is the last one.
 */
export interface NumericBins {
  readonly kind: 'numeric';
  readonly upper: Float64Array;
  readonly missingBin: number;
  readonly numBins: number;
}

/**
 * Categorical feature: bin b is categories[b] (most frequent first). Missing values and
 * categories not kept (or not seen in training) share the last bin.
 */
export interface CategoricalBins {
  readonly kind: 'categorical';
  readonly categories: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly missingBin: number;
  readonly numBins: number;
}

export type BinMapper = NumericBins | CategoricalBins;

/**
 * Row-major local bin codes, one byte per feature (a feature has at most 256 bins), each row
 * padded to `stride` bytes, a multiple of 4, so a row moves as stride / 4 32-bit words.
 */
export interface CodeLayout {
  readonly numFeatures: number;
  readonly stride: number;
  readonly codes: Uint8Array;
}

/** Binned data: the codes of every row. */
export interface BinnedData extends CodeLayout {
  readonly rows: number;
}

/** Bytes per row of binned codes for F features. */
export function rowStride(numFeatures: number): number {
  return Math.ceil(numFeatures / 4) * 4;
}

/** Quantile bin edges of one numeric column (at most maxBin value bins). */
export function fitNumericBins(values: Float64Array, maxBin: number, seed: number): NumericBins {
  const sampled =
    values.length > BIN_SAMPLE_COUNT
      ? sampleIndices(values.length, BIN_SAMPLE_COUNT, createRng(seed))
      : null;
  const sample: number[] = [];
  const n = sampled ? sampled.length : values.length;
  for (let i = 0; i < n; i++) {
    const v = values[sampled ? sampled[i]! : i]!;
    if (!Number.isNaN(v)) sample.push(v);
  }
  const sorted = Float64Array.from(sample).sort();
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    if (distinct.length > 0 && distinct[distinct.length - 1] === v) counts[counts.length - 1]! += 1;
    else {
      distinct.push(v);
      counts.push(1);
    }
  }
  const upper: number[] = [];
  // Greedy equal-count bins over distinct values: a bin closes once it holds its share of
  // the remaining rows (and at least MIN_DATA_IN_BIN), so heavy values get bins of their own.
  let remaining = sorted.length;
  let inBin = 0;
  for (let i = 0; i < distinct.length - 1 && upper.length < maxBin - 1; i++) {
    inBin += counts[i]!;
    const binsLeft = maxBin - upper.length;
    const target = distinct.length <= maxBin ? MIN_DATA_IN_BIN : Math.max(MIN_DATA_IN_BIN, remaining / binsLeft);
    if (inBin >= target) {
      const a = distinct[i]!;
      const b = distinct[i + 1]!;
      const mid = a + (b - a) / 2;
      // Between two adjacent doubles the midpoint rounds to one of them: keep a, so b stays right.
      upper.push(mid < b ? mid : a);
      remaining -= inBin;
      inBin = 0;
    }
  }
  upper.push(Infinity);
  return { kind: 'numeric', upper: Float64Array.from(upper), missingBin: upper.length, numBins: upper.length + 1 };
}

/**
 * Bins of one categorical column: the maxBin most frequent categories (ties by name). With a
 * label, the kept categories are then ordered by their mean label (ties by frequency, then
 * name). Splits do not depend on the order (category sets are searched per node), but the
 * sets a tree picks tend to be runs of neighbouring codes in this order, which the ONNX
 * export writes as a few threshold tests instead of one test per category.
 */
export function fitCategoricalBins(values: readonly (string | null)[], maxBin: number, label?: Float64Array): CategoricalBins {
  const counts = new Map<string, number>();
  const sums = new Map<string, number>();
  values.forEach((v, i) => {
    if (v === null || v === '') return;
    counts.set(v, (counts.get(v) ?? 0) + 1);
    if (label) sums.set(v, (sums.get(v) ?? 0) + label[i]!);
  });
  const byName = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const count = (c: string) => counts.get(c)!;
  let kept = [...counts.keys()].sort((x, y) => count(y) - count(x) || byName(x, y)).slice(0, maxBin);
  if (label) {
    const mean = (c: string) => sums.get(c)! / count(c);
    kept = kept.sort((x, y) => mean(x) - mean(y) || count(y) - count(x) || byName(x, y));
  }
  return {
    kind: 'categorical',
    categories: kept,
    index: new Map(kept.map((c, i) => [c, i])),
    missingBin: kept.length,
    numBins: kept.length + 1,
  };
}

/** Local bin of a numeric value: the first bin whose upper bound is >= x. */
export function numericBin(bins: NumericBins, x: number): number {
  if (Number.isNaN(x)) return bins.missingBin;
  const upper = bins.upper;
  let lo = 0;
  let hi = upper.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x <= upper[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Local bin of a category string. */
export function categoricalBin(bins: CategoricalBins, s: string | null): number {
  if (s === null) return bins.missingBin;
  return bins.index.get(s) ?? bins.missingBin;
}

/** Fits one bin mapper per feature of the dataset (the label orders categories, see fitCategoricalBins). */
export function fitBins(data: Dataset, maxBin: number, seed: number, label?: Float64Array): BinMapper[] {
  return data.features.map((f, j) => {
    const col = data.columns[j]!;
    if (f.kind === 'numeric') return fitNumericBins(asNumeric(col, f.name), maxBin, seed);
    return fitCategoricalBins(asCategorical(col, f.name), maxBin, label);
  });
}

/** First global bin code of each feature, plus the total as the last entry. */
export function binOffsets(mappers: readonly BinMapper[]): Uint32Array {
  const offsets = new Uint32Array(mappers.length + 1);
  for (let j = 0; j < mappers.length; j++) offsets[j + 1] = offsets[j]! + mappers[j]!.numBins;
  return offsets;
}

/** Maps a dataset to row-major local bin codes with fitted mappers. */
export function applyBins(data: Dataset, mappers: readonly BinMapper[]): BinnedData {
  const rows = rowCount(data);
  const F = mappers.length;
  const S = rowStride(F);
  const codes = new Uint8Array(rows * S);
  for (let j = 0; j < F; j++) {
    const m = mappers[j]!;
    const col = data.columns[j]!;
    if (m.kind === 'numeric') {
      const v = asNumeric(col, data.features[j]!.name);
      for (let r = 0; r < rows; r++) codes[r * S + j] = numericBin(m, v[r]!);
    } else {
      const v = asCategorical(col, data.features[j]!.name);
      for (let r = 0; r < rows; r++) codes[r * S + j] = categoricalBin(m, v[r] ?? null);
    }
  }
  return { rows, numFeatures: F, stride: S, codes };
}

function asNumeric(col: Column, name: string): Float64Array {
  if (!(col instanceof Float64Array)) throw new TypeError(`feature ${name} is numeric: expected a Float64Array`);
  return col;
}

function asCategorical(col: Column, name: string): readonly (string | null)[] {
  if (col instanceof Float64Array) throw new TypeError(`feature ${name} is categorical: expected strings`);
  return col;
}
