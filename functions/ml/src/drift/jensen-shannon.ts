// Jensen-Shannon distance as Evidently's "jensenshannon" stattest: scipy.spatial.distance.
// jensenshannon (natural logarithm: Evidently passes base=None) of the compared shares,
// which Evidently leaves unfilled (feel_zeroes=False).
import { DISTANCE_THRESHOLD } from './constants.ts';
import { comparedShares } from './shares.ts';
import { distanceAtLeast, type StatTest } from './stat-test.ts';

/** x ln(x / y), with 0 ln 0 = 0 (scipy.special.rel_entr for x, y >= 0, y > 0 when x > 0). */
function relativeEntropyTerm(x: number, y: number): number {
  return x > 0 ? x * Math.log(x / y) : 0;
}

/** sqrt((KL(p || m) + KL(q || m)) / 2) with m the mean of the normalized shares (both samples non-empty). */
function jensenShannon(reference: Float64Array | readonly string[], current: Float64Array | readonly string[]): number {
  const { reference: p, current: q } = comparedShares(reference, current);
  let sumP = 0;
  let sumQ = 0;
  for (let i = 0; i < p.length; i++) {
    sumP += p[i] as number;
    sumQ += q[i] as number;
  }
  let divergence = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = (p[i] as number) / sumP;
    const qi = (q[i] as number) / sumQ;
    const mi = (pi + qi) / 2;
    divergence += relativeEntropyTerm(pi, mi) + relativeEntropyTerm(qi, mi);
  }
  // Rounding can leave a divergence of -1e-17 for identical shares: the distance is then 0.
  return Math.sqrt(Math.max(0, divergence / 2));
}

/** Evidently's "jensenshannon": the default for categories (and binary values) once the reference is large. */
export const jensenShannonStatTest: StatTest<'jensenshannon'> = {
  name: 'jensenshannon',
  label: 'Jensen-Shannon distance',
  kinds: ['numeric', 'categorical'], defaultFor: ['large categories', 'large binary'], threshold: DISTANCE_THRESHOLD, drifted: distanceAtLeast,
  compute: (reference, current) => ({ statistic: jensenShannon(reference, current) }),
};
