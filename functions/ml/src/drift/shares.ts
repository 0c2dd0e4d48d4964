// The two distributions PSI and Jensen-Shannon compare, as Evidently's get_binned_data builds
// them: histogram shares over Sturges bins of both samples together for a numerical column
// whose reference has more than 20 distinct values, else the share of each value.
import { BINNED_MIN_UNIQUE, PSI_EMPTY_SHARE, PSI_EMPTY_SHARE_DIVISOR } from './constants.ts';
import { countValues, type DriftValue } from './samples.ts';

interface Shares {
  reference: Float64Array;
  current: Float64Array;
}

/** np.histogram_bin_edges(values, bins='sturges') for finite float64 values. */
function sturgesEdges(reference: Float64Array, current: Float64Array): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const sample of [reference, current]) {
    for (const v of sample) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const n = reference.length + current.length;
  // numpy: width = ptp / (log2(n) + 1), bins = ceil(ptp / width). The same two roundings are
  // kept on purpose: when log2(n) + 1 is an integer they can add one bin, and numpy does so.
  const width = (hi - lo) / (Math.log2(n) + 1);
  const bins = width ? Math.ceil((hi - lo) / width) : 1;
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  // np.linspace: start + i * step, with the last edge set to stop exactly.
  const step = (hi - lo) / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i < bins; i++) edges[i] = i * step + lo;
  edges[bins] = hi;
  return edges;
}

/** np.histogram(values, edges)[0] / n: bins are [e_i, e_i+1), the last one closed. */
function histogramShares(values: Float64Array, edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const counts = new Float64Array(bins);
  for (const v of values) {
    // Largest i with edges[i] <= v.
    let lo = 0;
    let hi = bins;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((edges[mid] as number) <= v) lo = mid;
      else hi = mid - 1;
    }
    const bin = Math.min(lo, bins - 1);
    counts[bin] = (counts[bin] as number) + 1;
  }
  for (let i = 0; i < bins; i++) counts[i] = (counts[i] as number) / values.length;
  return counts;
}

function valueShares<T extends DriftValue>(reference: ArrayLike<T>, current: ArrayLike<T>): Shares {
  const refCounts = countValues(reference);
  const curCounts = countValues(current);
  const keys = [...new Set<T>([...refCounts.keys(), ...curCounts.keys()])];
  return {
    reference: Float64Array.from(keys, (k) => (refCounts.get(k) ?? 0) / reference.length),
    current: Float64Array.from(keys, (k) => (curCounts.get(k) ?? 0) / current.length),
  };
}

/** Shares of the reference and current samples over common bins or values (both non-empty). */
export function comparedShares(reference: Float64Array | readonly string[], current: Float64Array | readonly string[]): Shares {
  if (reference instanceof Float64Array && current instanceof Float64Array && countValues(reference).size > BINNED_MIN_UNIQUE) {
    const edges = sturgesEdges(reference, current);
    return { reference: histogramShares(reference, edges), current: histogramShares(current, edges) };
  }
  return valueShares<DriftValue>(reference, current);
}

/** Evidently's "feel zeroes": empty shares become 1e-4, or the smallest share / 1e6 when that is <= 1e-4. */
export function fillEmptyShares(shares: Float64Array): Float64Array {
  let smallest = Infinity;
  for (const s of shares) if (s !== 0 && s < smallest) smallest = s;
  const fill = smallest <= PSI_EMPTY_SHARE ? smallest / PSI_EMPTY_SHARE_DIVISOR : PSI_EMPTY_SHARE;
  return shares.map((s) => (s === 0 ? fill : s));
}
