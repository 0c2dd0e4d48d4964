import type { CleanValue, ColumnSpec } from '@tabular-ct/core';

/** One column of a sample as the drift statistics take it: NaN or null where a value is missing. */
type ColumnValues = { kind: 'numeric'; values: Float64Array } | { kind: 'categorical'; values: (string | null)[] };

const MS_PER_DAY = 86_400_000;

/**
 * A column of clean rows: numbers (dates as days since 1970, so their drift is measured
 * in time) with NaN for missing, or categories with null for missing.
 */
export function columnValues(column: ColumnSpec, rows: readonly Record<string, CleanValue>[]): ColumnValues {
  if (column.kind === 'categorical') {
    return {
      kind: 'categorical',
      values: rows.map((r) => {
        const v = r[column.name];
        return v === null || v === undefined ? null : String(v);
      }),
    };
  }
  const values = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    const v = r[column.name];
    values[i] = v === null || v === undefined ? Number.NaN : typeof v === 'number' ? v : Date.parse(`${v}T00:00:00Z`) / MS_PER_DAY;
  });
  return { kind: 'numeric', values };
}

/** Share of missing values in a column. */
export function missingShare(c: ColumnValues): number {
  if (c.values.length === 0) return 0;
  let missing = 0;
  if (c.kind === 'numeric') for (const v of c.values) missing += Number.isNaN(v) ? 1 : 0;
  else for (const v of c.values) missing += v === null ? 1 : 0;
  return missing / c.values.length;
}

/** Categories of the current sample that the reference never had, with their share of the current rows. */
export function newCategories(reference: readonly (string | null)[], current: readonly (string | null)[]): Array<{ value: string; share: number }> {
  const known = new Set(reference);
  const counts = new Map<string, number>();
  for (const v of current) if (v !== null && !known.has(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([value, n]) => ({ value, share: n / (current.length || 1) }));
}
