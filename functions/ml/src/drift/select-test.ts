// The drift statistics by name, and Evidently's default choice among them (its
// _get_default_stattest, 0.7.23). We follow that code where Evidently's docs differ:
// distinct values are counted over reference and current together, and a numerical column
// with <= 5 of them is tested like a category.
import { chiSquareStatTest } from './chi-square.ts';
import { BINARY_MAX_UNIQUE, NUMERIC_AS_CATEGORY_MAX_UNIQUE, SMALL_REFERENCE_ROWS } from './constants.ts';
import { jensenShannonStatTest } from './jensen-shannon.ts';
import { ksStatTest } from './ks.ts';
import { psiStatTest } from './psi.ts';
import type { ColumnClass, ColumnKind, StatTest } from './stat-test.ts';
import { wassersteinStatTest } from './wasserstein.ts';
import { zStatTest } from './z-test.ts';

const STAT_TESTS = [ksStatTest, chiSquareStatTest, zStatTest, wassersteinStatTest, jensenShannonStatTest, psiStatTest] as const;

export type DriftTest = (typeof STAT_TESTS)[number]['name'];

/** The descriptor of a statistic. */
export function statTest(name: DriftTest): StatTest<DriftTest> {
  return STAT_TESTS.find((t) => t.name === name)!;
}

/** The default test for a column given its kind, reference rows (missing dropped) and distinct values of both samples. */
export function selectTest(kind: ColumnKind, referenceRows: number, distinct: number): DriftTest {
  const size = referenceRows <= SMALL_REFERENCE_ROWS ? 'small' : 'large';
  const categoryLike = kind === 'categorical' || distinct <= NUMERIC_AS_CATEGORY_MAX_UNIQUE;
  const values = !categoryLike ? 'continuous' : distinct > BINARY_MAX_UNIQUE ? 'categories' : 'binary';
  const column: ColumnClass = `${size} ${values}`;
  return STAT_TESTS.find((t) => t.defaultFor.includes(column))!.name;
}
