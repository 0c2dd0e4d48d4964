import type { CleanValue, ColumnDrift, DatasetSpec, DriftReport } from '@tabular-ct/core';
import { columnDrift, datasetDrift, statTest, type ColumnDriftResult } from '@tabular-ct/ml';
import { columnValues, missingShare, newCategories } from './column-values.ts';

type Rows = readonly Record<string, CleanValue>[];

/**
 * Compares a batch with the reference (the production model's training rows), column by
 * column, features and target, with the statistic Evidently would choose for the column's
 * type and the reference's size; adds what a statistic does not see: new categories and
 * changes in the share of missing values.
 */
export function compareBatch(
  spec: DatasetSpec,
  reference: Rows,
  current: Rows,
  meta: { batchId: string; modelVersion?: string; referenceBatch?: string },
): DriftReport {
  const results: Array<{ entry: ColumnDrift; result: ColumnDriftResult }> = [];
  for (const column of spec.columns) {
    if (column.role === 'identifier') continue;
    const ref = columnValues(column, reference);
    const cur = columnValues(column, current);
    const result =
      ref.kind === 'numeric'
        ? columnDrift({ column: column.name, kind: 'numeric', reference: ref.values, current: cur.values as Float64Array })
        : columnDrift({ column: column.name, kind: 'categorical', reference: ref.values, current: cur.values as (string | null)[] });
    const tested = result.test !== null;
    const entry: ColumnDrift = {
      column: column.name,
      role: column.role === 'target' ? 'target' : 'feature',
      kind: ref.kind,
      test: tested ? statTest(result.test).label : `untested: ${result.untested}`,
      statistic: tested ? result.statistic : null,
      ...(tested && result.p_value !== undefined ? { p_value: result.p_value } : {}),
      threshold: tested ? result.threshold : 0,
      drifted: result.drifted,
      missing_share: { reference: missingShare(ref), current: missingShare(cur) },
      new_categories: ref.kind === 'categorical' ? newCategories(ref.values, cur.values as (string | null)[]) : [],
      ...(ref.kind === 'categorical' ? { reference_categories: new Set(ref.values.filter((v) => v !== null)).size } : {}),
    };
    results.push({ entry, result });
  }
  // Dataset drift counts the features only: the target's drift is a trigger of its own.
  const dataset = datasetDrift(results.filter((r) => r.entry.role === 'feature').map((r) => r.result));
  return {
    dataset: spec.name,
    batch_id: meta.batchId,
    reference: { ...(meta.modelVersion ? { model_version: meta.modelVersion } : {}), ...(meta.referenceBatch ? { batch_id: meta.referenceBatch } : {}), rows: reference.length },
    current: { rows: current.length },
    columns: results.map((r) => r.entry),
    dataset_drift: { drifted_share: dataset.drifted_share, threshold: dataset.threshold, drifted: dataset.drifted },
  };
}
