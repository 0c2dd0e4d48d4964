import { BIN_SAMPLE_COUNT, MIN_DATA_IN_BIN } from './constants.ts';
import { type Column, type Dataset, rowCount } from '../dataset.ts';
import { createRng, sampleIndices } from '../random.ts';

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
interface BinnedData extends CodeLayout {
  readonly rows: number;
}

/** Bytes per row of binned codes for F features. */
export function rowStride(numFeatures: number): number {
  return Math.ceil(numFeatures / 4) * 4;
}

/**
 * Quantile bin edges of one numeric column (at most maxBin value bins), from the rows of
 * `sample` (default: BIN_SAMPLE_COUNT rows drawn with the seed when there are more).
 */
export function fitNumericBins(values: Float64Array, maxBin: number, seed: number, sample = binSample(values.length, seed)): NumericBins {
  const n = sample ? sample.length : values.length;
  const sorted = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = values[sample ? sample[i]! : i]!;
    if (!Number.isNaN(v)) sorted[m++] = v;
  }
  sorted.subarray(0, m).sort();
  const distinct = new Float64Array(m);
  const counts = new Float64Array(m);
  let k = 0;
  for (let i = 0; i < m; i++) {
    const v = sorted[i]!;
    if (k > 0 && distinct[k - 1] === v) counts[k - 1]! += 1;
    else {
      distinct[k] = v;
      counts[k++] = 1;
    }
  }
  const upper: number[] = [];
  // Greedy equal-count bins over distinct values: a bin closes once it holds its share of
  // the remaining rows (and at least MIN_DATA_IN_BIN), so heavy values get bins of their own.
  let remaining = m;
  let inBin = 0;
  for (let i = 0; i < k - 1 && upper.length < maxBin - 1; i++) {
    inBin += counts[i]!;
    const binsLeft = maxBin - upper.length;
    const target = k <= maxBin ? MIN_DATA_IN_BIN : Math.max(MIN_DATA_IN_BIN, remaining / binsLeft);
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
  // One map lookup per row: each category gets an id, its count and label sum live in arrays.
  const ids = new Map<string, number>();
  const names: string[] = [];
  const counts: number[] = [];
  const sums: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || v === '') continue;
    let id = ids.get(v);
    if (id === undefined) {
      id = names.length;
      ids.set(v, id);
      names.push(v);
      counts.push(0);
      sums.push(0);
    }
    counts[id]! += 1;
    if (label) sums[id]! += label[i]!;
  }
  const byName = (x: number, y: number) => (names[x]! < names[y]! ? -1 : names[x]! > names[y]! ? 1 : 0);
  const count = (c: number) => counts[c]!;
  let keptIds = names.map((_, id) => id).sort((x, y) => count(y) - count(x) || byName(x, y)).slice(0, maxBin);
  if (label) {
    const mean = (c: number) => sums[c]! / count(c);
    keptIds = keptIds.sort((x, y) => mean(x) - mean(y) || count(y) - count(x) || byName(x, y));
  }
  const kept = keptIds.map((id) => names[id]!);
  return {
    kind: 'categorical',
    categories: kept,
    index: new Map(kept.map((c, i) => [c, i])),
    missingBin: kept.length,
    numBins: kept.length + 1,
  };
}

/** The rows numeric bin edges are fitted on: BIN_SAMPLE_COUNT drawn with the seed, or all (null). */
export function binSample(rows: number, seed: number): Uint32Array | null {
  return rows > BIN_SAMPLE_COUNT ? sampleIndices(rows, BIN_SAMPLE_COUNT, createRng(seed)) : null;
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
  // The same seed draws the same rows for every feature: drawn once.
  const sample = binSample(rowCount(data), seed);
  return data.features.map((f, j) =>
    f.kind === 'numeric' ? fitNumericBins(numericColumn(data, j), maxBin, seed, sample) : fitCategoricalBins(categoricalColumn(data, j), maxBin, label),
  );
}

/** First global bin code of each feature, plus the total as the last entry. */
export function binOffsets(mappers: readonly BinMapper[]): Uint32Array {
  const offsets = new Uint32Array(mappers.length + 1);
  for (let j = 0; j < mappers.length; j++) offsets[j + 1] = offsets[j]! + mappers[j]!.numBins;
  return offsets;
}

/**
 * Maps a dataset to row-major local bin codes with fitted mappers, into `into` when given
 * (rows * rowStride(features) zeroed bytes, training's shared memory) or a new array.
 */
export function applyBins(data: Dataset, mappers: readonly BinMapper[], into?: Uint8Array): BinnedData {
  const rows = rowCount(data);
  const F = mappers.length;
  const S = rowStride(F);
  if (into && into.length !== rows * S) throw new RangeError(`applyBins: expected ${rows * S} bytes, got ${into.length}`);
  const codes = into ?? new Uint8Array(rows * S);
  for (let j = 0; j < F; j++) applyFeatureBins(data, j, mappers[j]!, codes, S);
  return { rows, numFeatures: F, stride: S, codes };
}

/** Writes byte j of every row of `codes` (rows `stride` bytes apart): feature j's bins under mapper m. */
export function applyFeatureBins(data: Dataset, j: number, m: BinMapper, codes: Uint8Array, stride: number): void {
  if (m.kind === 'numeric') {
    const v = numericColumn(data, j);
    binColumn(m, v, codes, stride, j, 0, v.length);
    return;
  }
  const v = categoricalColumn(data, j);
  for (let r = 0, at = j; r < v.length; r++, at += stride) codes[at] = categoricalBin(m, v[r] ?? null);
}

/**
 * numericBin for rows from..to of a column, into byte j of each row: the bin is the number
 * of upper bounds below x, found by halving steps whose outcome is added, not branched on
 * (values fall left or right of an edge at random: a branching search mispredicts at every
 * step; this one takes half the time on 1M rows).
 */
export function binColumn(bins: Pick<NumericBins, 'upper' | 'missingBin'>, values: Float64Array, codes: Uint8Array, stride: number, j: number, from: number, to: number): void {
  const { upper, missingBin } = bins;
  const m = upper.length;
  let top = 1;
  while (top * 2 <= m) top *= 2;
  for (let r = from, at = from * stride + j; r < to; r++, at += stride) {
    const x = values[r]!;
    if (Number.isNaN(x)) {
      codes[at] = missingBin;
      continue;
    }
    let pos = 0;
    for (let step = top; step > 0; step >>= 1) {
      if (pos + step <= m) pos += step * +(upper[pos + step - 1]! < x);
    }
    codes[at] = pos;
  }
}

/** Column j of a dataset, a numeric feature's. */
export function numericColumn(data: Dataset, j: number): Float64Array {
  const col: Column = data.columns[j]!;
  if (!(col instanceof Float64Array)) throw new TypeError(`feature ${data.features[j]!.name} is numeric: expected a Float64Array`);
  return col;
}

/** Column j of a dataset, a categorical feature's. */
export function categoricalColumn(data: Dataset, j: number): readonly (string | null)[] {
  const col: Column = data.columns[j]!;
  if (col instanceof Float64Array) throw new TypeError(`feature ${data.features[j]!.name} is categorical: expected strings`);
  return col;
}
