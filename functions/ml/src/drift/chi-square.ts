// Evidently's chi-square stattest: observed counts of the current sample against the counts
// expected from the reference's shares, p-value as scipy.stats.chisquare (chi2 with k - 1
// degrees of freedom over the k values seen in either sample).
import { P_VALUE_THRESHOLD } from './constants.ts';
import { upperRegularizedGamma } from './incomplete-gamma.ts';
import { countValues, type DriftValue } from './samples.ts';
import { pValueBelow, type Measured, type StatTest } from './stat-test.ts';

/** Pearson's chi-square of current counts against reference shares (both samples non-empty). */
function chiSquareTest<T extends DriftValue>(reference: ArrayLike<T>, current: ArrayLike<T>): Measured {
  const refCounts = countValues(reference);
  const curCounts = countValues(current);
  const keys = new Set<T>([...refCounts.keys(), ...curCounts.keys()]);
  const scale = current.length / reference.length;
  let statistic = 0;
  for (const key of keys) {
    const expected = (refCounts.get(key) ?? 0) * scale;
    const observed = curCounts.get(key) ?? 0;
    // A value the reference never had is expected 0 times: the statistic is infinite and the
    // p-value 0, as in scipy.
    statistic += ((observed - expected) * (observed - expected)) / expected;
  }
  const dof = keys.size - 1;
  // One value in both samples: nothing can differ. scipy returns NaN (0 degrees of freedom);
  // we answer p = 1 so no NaN reaches a drift decision.
  if (dof === 0) return { statistic: 0, pValue: 1 };
  return { statistic, pValue: upperRegularizedGamma(dof / 2, statistic / 2) };
}

/** Evidently's "chisquare": the default for a few categories while the reference is small. */
export const chiSquareStatTest: StatTest<'chisquare'> = {
  name: 'chisquare',
  label: 'chi-square',
  kinds: ['numeric', 'categorical'], defaultFor: ['small categories'], threshold: P_VALUE_THRESHOLD, drifted: pValueBelow,
  compute: (reference, current) => chiSquareTest<DriftValue>(reference, current),
};
