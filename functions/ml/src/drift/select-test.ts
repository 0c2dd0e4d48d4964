// Evidently's default choice of statistic (legacy/calculations/stattests/registry.py,
// _get_default_stattest, 0.7.23). It differs from the summary in docs/reference.md in two
// places, and we follow the code: the distinct values are counted over reference and current
// together, and a numerical column with <= 5 distinct values is tested like a category
// (chi-square, or Z when binary, up to 1000 reference rows; Jensen-Shannon above).
import { BINARY_MAX_UNIQUE, DISTANCE_THRESHOLD, NUMERIC_AS_CATEGORY_MAX_UNIQUE, P_VALUE_THRESHOLD, SMALL_REFERENCE_ROWS } from './constants.ts';

export type ColumnKind = 'numeric' | 'categorical';
export type DriftTest = 'ks' | 'chisquare' | 'z' | 'wasserstein' | 'jensenshannon' | 'psi';

/** Whether a test answers with a p-value (drift below the threshold) or a distance (drift at or above it). */
export const testThresholds: Record<DriftTest, { threshold: number; pValue: boolean }> = {
  ks: { threshold: P_VALUE_THRESHOLD, pValue: true },
  chisquare: { threshold: P_VALUE_THRESHOLD, pValue: true },
  z: { threshold: P_VALUE_THRESHOLD, pValue: true },
  wasserstein: { threshold: DISTANCE_THRESHOLD, pValue: false },
  jensenshannon: { threshold: DISTANCE_THRESHOLD, pValue: false },
  psi: { threshold: DISTANCE_THRESHOLD, pValue: false },
};

/** The default test for a column given its kind, reference rows (missing dropped) and distinct values of both samples. */
export function selectTest(kind: ColumnKind, referenceRows: number, distinct: number): DriftTest {
  const categoryLike = kind === 'categorical' || distinct <= NUMERIC_AS_CATEGORY_MAX_UNIQUE;
  if (referenceRows <= SMALL_REFERENCE_ROWS) {
    if (!categoryLike) return 'ks';
    return distinct > BINARY_MAX_UNIQUE ? 'chisquare' : 'z';
  }
  return categoryLike ? 'jensenshannon' : 'wasserstein';
}
