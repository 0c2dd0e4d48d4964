// Drift of one column and of a dataset, with Evidently's defaults: missing values dropped,
// the test chosen by select-test.ts, its default threshold, and the dataset drifting when at
// least half of the columns drift.
import { chiSquareTest } from './chi-square.ts';
import { DATASET_DRIFT_SHARE } from './constants.ts';
import { jensenShannon } from './jensen-shannon.ts';
import { ksTest } from './ks.ts';
import { psi } from './psi.ts';
import { countDistinct, presentCategories, presentNumbers } from './samples.ts';
import { selectTest, testThresholds, type ColumnKind, type DriftTest } from './select-test.ts';
import { wassersteinNormed } from './wasserstein.ts';
import { zTest } from './z-test.ts';

/** A column of both samples: numbers with NaN for missing, or categories with null for missing. */
export type DriftColumnInput =
  | { column: string; kind: 'numeric'; reference: Float64Array; current: Float64Array }
  | { column: string; kind: 'categorical'; reference: readonly (string | null)[]; current: readonly (string | null)[] };

export type ColumnDriftResult =
  | { column: string; kind: ColumnKind; test: DriftTest; statistic: number; p_value?: number; threshold: number; drifted: boolean }
  /**
   * A sample with no value left after dropping missing ones cannot be compared (Evidently
   * raises): the column is reported untested and not drifted, and the missing-share checks
   * of the caller are what see it.
   */
  | { column: string; kind: ColumnKind; test: null; untested: 'reference is empty' | 'current is empty'; drifted: false };

export interface DatasetDriftResult {
  /** Drifted columns over tested columns (0 when none could be tested). */
  drifted_share: number;
  threshold: number;
  drifted: boolean;
}

function measure(test: DriftTest, reference: Float64Array | string[], current: Float64Array | string[]): { statistic: number; pValue?: number } {
  switch (test) {
    case 'ks': {
      const r = ksTest(reference as Float64Array, current as Float64Array);
      return { statistic: r.statistic, pValue: r.pValue };
    }
    case 'chisquare': {
      const r = chiSquareTest<number | string>(reference, current);
      return { statistic: r.statistic, pValue: r.pValue };
    }
    case 'z': {
      const r = zTest<number | string>(reference, current);
      return { statistic: r.statistic, pValue: r.pValue };
    }
    case 'wasserstein':
      return { statistic: wassersteinNormed(reference as Float64Array, current as Float64Array) };
    case 'jensenshannon':
      return { statistic: jensenShannon(reference, current) };
    case 'psi':
      return { statistic: psi(reference, current) };
  }
}

/**
 * Compares one column of the current sample with the reference. `test` overrides the default
 * choice (KS and Wasserstein need a numeric column).
 */
export function columnDrift(input: DriftColumnInput, test?: DriftTest): ColumnDriftResult {
  const reference = input.kind === 'numeric' ? presentNumbers(input.reference) : presentCategories(input.reference);
  const current = input.kind === 'numeric' ? presentNumbers(input.current) : presentCategories(input.current);
  const base = { column: input.column, kind: input.kind };
  if (reference.length === 0) return { ...base, test: null, untested: 'reference is empty', drifted: false };
  if (current.length === 0) return { ...base, test: null, untested: 'current is empty', drifted: false };
  if ((test === 'ks' || test === 'wasserstein') && input.kind !== 'numeric') throw new Error(`${test} needs a numeric column: ${input.column}`);

  const chosen = test ?? selectTest(input.kind, reference.length, countDistinct<number | string>(reference, current));
  const { threshold, pValue: isPValue } = testThresholds[chosen];
  const { statistic, pValue } = measure(chosen, reference, current);
  if (isPValue && pValue !== undefined) {
    // Evidently's KS drifts at p <= threshold, chi-square and Z at p < threshold.
    const drifted = chosen === 'ks' ? pValue <= threshold : pValue < threshold;
    return { ...base, test: chosen, statistic, p_value: pValue, threshold, drifted };
  }
  return { ...base, test: chosen, statistic, threshold, drifted: statistic >= threshold };
}

/** Dataset drift: at least half of the tested columns drifted (Evidently's drift_share = 0.5). */
export function datasetDrift(columns: readonly ColumnDriftResult[]): DatasetDriftResult {
  const tested = columns.filter((c) => c.test !== null);
  const share = tested.length === 0 ? 0 : tested.filter((c) => c.drifted).length / tested.length;
  return { drifted_share: share, threshold: DATASET_DRIFT_SHARE, drifted: tested.length > 0 && share >= DATASET_DRIFT_SHARE };
}
