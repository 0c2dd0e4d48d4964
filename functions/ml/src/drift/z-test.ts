// Evidently's Z-test for binary columns: the two-proportion z statistic with pooled variance,
// two-sided p-value from the normal tail.
import { P_VALUE_THRESHOLD } from './constants.ts';
import { erfc } from './incomplete-gamma.ts';
import { countDistinct, type DriftValue } from './samples.ts';
import { pValueBelow, type Measured, type StatTest } from './stat-test.ts';

function share<T extends DriftValue>(values: ArrayLike<T>, first: T): number {
  let other = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== first) other++;
  return other / values.length;
}

/**
 * Two-proportion z-test (both samples non-empty). The first value in sorted order counts as 0,
 * every other as 1, as Evidently maps them; the two-sided p-value does not depend on which
 * value is first. A single value shared by both samples gives p = 1.
 */
function zTest<T extends DriftValue>(reference: ArrayLike<T>, current: ArrayLike<T>): Measured {
  if (countDistinct(reference, current) === 1) return { statistic: 0, pValue: 1 };
  const keys = [...new Set<T>([...Array.from(reference), ...Array.from(current)])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const first = keys[0] as T;
  const n1 = reference.length;
  const n2 = current.length;
  const p1 = share(reference, first);
  const p2 = share(current, first);
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const statistic = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  // 2 (1 - Phi(|z|)) = erfc(|z| / sqrt 2); Evidently computes 1 - cdf, which loses the
  // relative precision of p-values below ~1e-16 (they agree in absolute terms).
  return { statistic, pValue: erfc(Math.abs(statistic) / Math.SQRT2) };
}

/** Evidently's "z": the default for two values at most while the reference is small. */
export const zStatTest: StatTest<'z'> = {
  name: 'z',
  label: 'Z-test',
  kinds: ['numeric', 'categorical'], defaultFor: ['small binary'], threshold: P_VALUE_THRESHOLD, drifted: pValueBelow,
  compute: (reference, current) => zTest<DriftValue>(reference, current),
};
