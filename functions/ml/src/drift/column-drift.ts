// Drift of one column and of a dataset, with Evidently's defaults: missing values dropped,
// the test chosen by select-test.ts, its default threshold, and the dataset drifting when at
// least half of the columns drift.
import { DATASET_DRIFT_SHARE } from './constants.ts';
import { countDistinct, presentCategories, presentNumbers } from './samples.ts';
import { selectTest, statTest, type DriftTest } from './select-test.ts';
import type { ColumnKind } from './stat-test.ts';

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

/**
 * Compares one column of the current sample with the reference. `test` overrides the default
 * choice; a test refuses a column of a kind its descriptor does not list.
 */
export function columnDrift(input: DriftColumnInput, test?: DriftTest): ColumnDriftResult {
  const reference = input.kind === 'numeric' ? presentNumbers(input.reference) : presentCategories(input.reference);
  const current = input.kind === 'numeric' ? presentNumbers(input.current) : presentCategories(input.current);
  const base = { column: input.column, kind: input.kind };
  if (reference.length === 0) return { ...base, test: null, untested: 'reference is empty', drifted: false };
  if (current.length === 0) return { ...base, test: null, untested: 'current is empty', drifted: false };
  const chosen = test ?? selectTest(input.kind, reference.length, countDistinct<number | string>(reference, current));
  const stat = statTest(chosen);
  if (!stat.kinds.includes(input.kind)) throw new Error(`${chosen} needs a ${stat.kinds.join(' or ')} column: ${input.column}`);
  const measured = stat.compute(reference, current);
  const { statistic, pValue } = measured;
  const pValueField = pValue === undefined ? {} : { p_value: pValue };
  return { ...base, test: chosen, statistic, ...pValueField, threshold: stat.threshold, drifted: stat.drifted(measured, stat.threshold) };
}

/** Dataset drift: at least half of the tested columns drifted (Evidently's drift_share = 0.5). */
export function datasetDrift(columns: readonly ColumnDriftResult[]): DatasetDriftResult {
  const tested = columns.filter((c) => c.test !== null);
  const share = tested.length === 0 ? 0 : tested.filter((c) => c.drifted).length / tested.length;
  return { drifted_share: share, threshold: DATASET_DRIFT_SHARE, drifted: tested.length > 0 && share >= DATASET_DRIFT_SHARE };
}
