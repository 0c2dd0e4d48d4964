import { modelFeatures, type CleanValue, type ColumnSpec, type DatasetSpec } from '@tabular-ct/core';

// Non-integer medians are shown to people (the prediction form starts from them): three
// significant digits (0.25 acres, 1,780 square feet) say as much as the data does.
const SIGNIFICANT_DIGITS = 3;

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function typicalNumber(column: ColumnSpec, values: readonly number[]): number {
  const m = median([...values].sort((a, b) => a - b));
  const rounded = column.integer ? Math.round(m) : Number(m.toPrecision(SIGNIFICANT_DIGITS));
  // Rounding must not leave the column's valid range: the default is sent back as input.
  return Math.min(column.max ?? Infinity, Math.max(column.min ?? -Infinity, rounded));
}

/** The most frequent value; among equally frequent ones the first in sort order, so the result does not depend on row order. */
function mostFrequent(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: [string, number] | undefined;
  for (const entry of counts) {
    if (!best || entry[1] > best[1] || (entry[1] === best[1] && entry[0] < best[0])) best = entry;
  }
  return best![0];
}

/**
 * A typical training value for each model feature, shipped in feature_spec.json's `defaults`
 * (the predictor's GET /model shows them; the prediction form starts from them): the median
 * for numbers (rounded to a whole number for integer columns), the most frequent value for
 * categories, the median date for dates. Missing values are ignored; a feature that is
 * missing in every row gets no default.
 */
export function featureDefaults(spec: DatasetSpec, rows: readonly Readonly<Record<string, CleanValue | undefined>>[]): Record<string, number | string> {
  const defaults: Record<string, number | string> = {};
  for (const feature of modelFeatures(spec)) {
    const column = spec.columns.find((c) => c.name === feature.name)!;
    const present = rows.map((r) => r[feature.name]).filter((v): v is number | string => v !== null && v !== undefined && v !== '');
    if (present.length === 0) continue;
    if (column.kind === 'numeric') {
      const numbers = present.map(Number).filter(Number.isFinite);
      if (numbers.length > 0) defaults[feature.name] = typicalNumber(column, numbers);
    } else if (column.kind === 'date') {
      // ISO dates sort as text in time order; the middle one is a date that occurs in the data.
      const dates = present.map(String).sort();
      defaults[feature.name] = dates[Math.floor((dates.length - 1) / 2)]!;
    } else {
      defaults[feature.name] = mostFrequent(present.map(String));
    }
  }
  return defaults;
}
