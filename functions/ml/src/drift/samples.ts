// The two samples a drift statistic compares, with missing values already dropped.

/** A value of a column as the statistics count it: a number or a category. */
export type DriftValue = number | string;

/** Finite numbers: NaN and +-Infinity removed, as Evidently replaces infinities by NaN and drops them before testing. */
export function presentNumbers(values: Float64Array): Float64Array {
  let n = 0;
  for (const v of values) if (Number.isFinite(v)) n++;
  if (n === values.length) return values;
  const out = new Float64Array(n);
  let i = 0;
  for (const v of values) if (Number.isFinite(v)) out[i++] = v;
  return out;
}

/** Categories with the missing ones (null) removed. */
export function presentCategories(values: readonly (string | null)[]): string[] {
  return values.filter((v): v is string => v !== null);
}

/** How often each value occurs (pandas' value_counts; 0 and -0 count as one value, as there). */
export function countValues<T extends DriftValue>(values: ArrayLike<T>): Map<T, number> {
  const counts = new Map<T, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as T;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}

/** Distinct values of both samples together (pandas' nunique of the concatenation). */
export function countDistinct<T extends DriftValue>(reference: ArrayLike<T>, current: ArrayLike<T>): number {
  const seen = new Set<T>();
  for (let i = 0; i < reference.length; i++) seen.add(reference[i] as T);
  for (let i = 0; i < current.length; i++) seen.add(current[i] as T);
  return seen.size;
}

/** Values sorted ascending in a new array. */
export function sortedCopy(values: Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}
