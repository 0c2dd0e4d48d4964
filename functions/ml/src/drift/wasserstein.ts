// Wasserstein-1 distance of the two samples divided by the reference's standard deviation,
// as Evidently's "wasserstein" stattest (scipy.stats.wasserstein_distance / np.std(reference)).
import { DISTANCE_THRESHOLD, WASSERSTEIN_MIN_STD } from './constants.ts';
import { sortedCopy } from './samples.ts';
import { distanceAtLeast, type StatTest } from './stat-test.ts';

/** Integral of |F_u - F_v| over the real line (scipy.stats.wasserstein_distance, unweighted). */
function wassersteinDistance(u: Float64Array, v: Float64Array): number {
  const a = sortedCopy(u);
  const b = sortedCopy(v);
  let i = 0;
  let j = 0;
  let total = 0;
  let previous = Math.min(a[0] as number, b[0] as number);
  while (i < a.length || j < b.length) {
    const x = j >= b.length || (i < a.length && (a[i] as number) <= (b[j] as number)) ? (a[i] as number) : (b[j] as number);
    total += Math.abs(i / a.length - j / b.length) * (x - previous);
    while (i < a.length && (a[i] as number) <= x) i++;
    while (j < b.length && (b[j] as number) <= x) j++;
    previous = x;
  }
  return total;
}

/** Population standard deviation (ddof = 0, as np.std). */
function populationStd(values: Float64Array): number {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return Math.sqrt(ss / values.length);
}

/** Evidently's "wasserstein", W1(reference, current) / max(std(reference), 0.001): numeric columns, the default once the reference is large. */
export const wassersteinStatTest: StatTest<'wasserstein'> = {
  name: 'wasserstein',
  label: 'Wasserstein distance / reference std',
  kinds: ['numeric'], defaultFor: ['large continuous'], threshold: DISTANCE_THRESHOLD, drifted: distanceAtLeast,
  compute(reference, current) {
    const [r, c] = [reference as Float64Array, current as Float64Array];
    return { statistic: wassersteinDistance(r, c) / Math.max(populationStd(r), WASSERSTEIN_MIN_STD) };
  },
};
