import type { BatchProfile, ColumnProfile, DatasetSpec } from '@tabular-ct/core';
import { quantileSorted, spearman } from './quantiles.ts';

type Value = number | string | null;
export interface ProfileRow {
  values: Record<string, Value>;
  target: number;
}

// Twenty bins read well in a small chart; the 1st to 99th percentile range keeps one
// $46M listing from squeezing every other price into the first bin.
const HISTOGRAM_BINS = 20;
const TOP_CATEGORIES = 10;
const MS_PER_YEAR = 365.2425 * 24 * 3600 * 1000;

/** Dates are profiled as fractional years (2021.8), which a histogram can bin. */
const dateToYear = (iso: string): number => 1970 + Date.parse(`${iso}T00:00:00Z`) / MS_PER_YEAR;

const round = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(8)) : x);
const orNull = (x: number): number | null => (Number.isFinite(x) ? round(x) : null);

function numericProfile(kind: 'numeric' | 'date', values: readonly Value[], target: readonly number[]): ColumnProfile & { kind: 'numeric' | 'date' } {
  const xs: number[] = [];
  const ys: number[] = [];
  values.forEach((v, i) => {
    if (v === null) return;
    xs.push(typeof v === 'string' ? dateToYear(v) : v);
    ys.push(target[i] as number);
  });
  const present = Float64Array.from(xs);
  const sorted = Float64Array.from(present).sort();
  const n = sorted.length;
  const q = (p: number): number | null => orNull(quantileSorted(sorted, p));
  let mean = 0;
  for (const x of sorted) mean += x;
  mean /= n || 1;
  let ss = 0;
  for (const x of sorted) ss += (x - mean) ** 2;
  const lo = quantileSorted(sorted, 0.01);
  const hi = quantileSorted(sorted, 0.99);
  const edges = n === 0 ? [] : Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => round(lo + ((hi - lo) * i) / HISTOGRAM_BINS));
  const counts = new Array<number>(n === 0 ? 0 : HISTOGRAM_BINS).fill(0);
  let below = 0;
  let above = 0;
  for (const x of sorted) {
    if (x < lo) below++;
    else if (x > hi) above++;
    else counts[hi === lo ? 0 : Math.min(HISTOGRAM_BINS - 1, Math.floor(((x - lo) / (hi - lo)) * HISTOGRAM_BINS))]!++;
  }
  const missing = values.length - n;
  return {
    kind,
    count: values.length,
    missing,
    missing_share: values.length === 0 ? 0 : round(missing / values.length),
    min: n === 0 ? null : round(sorted[0] as number),
    max: n === 0 ? null : round(sorted[n - 1] as number),
    mean: n === 0 ? null : round(mean),
    std: n < 2 ? null : round(Math.sqrt(ss / (n - 1))),
    quantiles: { p01: q(0.01), p05: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95), p99: q(0.99) },
    histogram: { edges, counts, below, above },
    target_correlation: orNull(spearman(present, Float64Array.from(ys)) ?? Number.NaN),
  };
}

function categoricalProfile(values: readonly Value[], target: readonly number[]): ColumnProfile {
  const groups = new Map<string, { count: number; sum: number }>();
  let n = 0;
  let total = 0;
  values.forEach((v, i) => {
    if (v === null) return;
    const g = groups.get(String(v)) ?? { count: 0, sum: 0 };
    g.count++;
    g.sum += target[i] as number;
    groups.set(String(v), g);
    n++;
    total += target[i] as number;
  });
  // Correlation ratio: the share of the target's variance explained by the category means.
  const mean = total / (n || 1);
  let between = 0;
  for (const g of groups.values()) between += g.count * (g.sum / g.count - mean) ** 2;
  let within = 0;
  values.forEach((v, i) => {
    if (v !== null) within += ((target[i] as number) - mean) ** 2;
  });
  const top = [...groups.entries()]
    .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP_CATEGORIES)
    .map(([value, g]) => ({ value, count: g.count, share: round(g.count / n), target_mean: round(g.sum / g.count) }));
  const missing = values.length - n;
  return {
    kind: 'categorical',
    count: values.length,
    missing,
    missing_share: values.length === 0 ? 0 : round(missing / values.length),
    distinct: groups.size,
    top,
    target_correlation: within === 0 || groups.size < 2 ? null : round(Math.sqrt(between / within)),
  };
}

/**
 * The profile of one batch of clean rows: for every feature its missing share and
 * distribution, and how it relates to the target; for the target its distribution.
 */
export function profileBatch(spec: DatasetSpec, rows: readonly ProfileRow[]): BatchProfile {
  const target = rows.map((r) => r.target);
  const columns: Record<string, ColumnProfile> = {};
  for (const column of spec.columns) {
    if (column.role !== 'feature') continue;
    const values = rows.map((r) => r.values[column.name] ?? null);
    columns[column.name] = column.kind === 'categorical' ? categoricalProfile(values, target) : numericProfile(column.kind, values, target);
  }
  const targetProfile = numericProfile('numeric', target, target);
  return { rows: rows.length, target: { ...targetProfile, target_correlation: null }, columns };
}
