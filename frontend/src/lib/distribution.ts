import type { ColumnProfile } from '@tabular-ct/core';

/** One histogram bin as a share of the sample (rows below or above the edges count in the total). */
export interface Bin {
  x0: number;
  x1: number;
  share: number;
}

/** A numeric profile's histogram as shares, so samples of different sizes compare. */
export function histogramShares(p: ColumnProfile): Bin[] {
  if (p.kind === 'categorical') return [];
  const { edges, counts, below, above } = p.histogram;
  const total = counts.reduce((s, c) => s + c, 0) + below + above;
  if (total === 0) return [];
  return counts.map((c, i) => ({ x0: edges[i] ?? 0, x1: edges[i + 1] ?? edges[i] ?? 0, share: c / total }));
}

/** Category shares of two samples side by side: the union of both top lists, largest reference share first. */
export function categoryShares(reference: ColumnProfile | undefined, current: ColumnProfile | undefined, limit = 12): Array<{ value: string; reference: number; current: number }> {
  const top = (p: ColumnProfile | undefined): Map<string, number> => new Map(p && p.kind === 'categorical' ? p.top.map((t) => [t.value, t.share]) : []);
  const ref = top(reference);
  const cur = top(current);
  const values = [...new Set([...ref.keys(), ...cur.keys()])];
  return values
    .map((value) => ({ value, reference: ref.get(value) ?? 0, current: cur.get(value) ?? 0 }))
    .sort((a, b) => b.reference - a.reference || b.current - a.current)
    .slice(0, limit);
}
