// Population Stability Index as Evidently's "psi" stattest: sum (r - c) ln(r / c) over the
// compared shares, with empty shares filled so the logarithm stays finite.
import { DISTANCE_THRESHOLD } from './constants.ts';
import { comparedShares, fillEmptyShares } from './shares.ts';
import { distanceAtLeast, type StatTest } from './stat-test.ts';

/** PSI of the current sample against the reference (both non-empty). */
function psi(reference: Float64Array | readonly string[], current: Float64Array | readonly string[]): number {
  const shares = comparedShares(reference, current);
  const r = fillEmptyShares(shares.reference);
  const c = fillEmptyShares(shares.current);
  let total = 0;
  for (let i = 0; i < r.length; i++) {
    const ri = r[i] as number;
    const ci = c[i] as number;
    total += (ri - ci) * Math.log(ri / ci);
  }
  return total;
}

/** Evidently's "psi": never a default, only when asked for. */
export const psiStatTest: StatTest<'psi'> = {
  name: 'psi',
  label: 'PSI',
  kinds: ['numeric', 'categorical'], defaultFor: [], threshold: DISTANCE_THRESHOLD, drifted: distanceAtLeast,
  compute: (reference, current) => ({ statistic: psi(reference, current) }),
};
