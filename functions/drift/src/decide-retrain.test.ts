import type { ColumnDrift, DriftReport } from '@tabular-ct/core';
import { describe, expect, it } from 'vitest';
import { decideRetrain, skipNothingNew } from './decide-retrain.ts';

const column = (over: Partial<ColumnDrift> & { column: string }): ColumnDrift => ({
  role: 'feature',
  kind: 'numeric',
  test: 'Wasserstein distance / reference std',
  statistic: 0.02,
  threshold: 0.1,
  drifted: false,
  missing_share: { reference: 0.1, current: 0.1 },
  new_categories: [],
  ...over,
});

const report = (columns: ColumnDrift[], drifted_share = 0): DriftReport => ({
  dataset: 'realtor',
  batch_id: 'realtor-g1-b1-d2',
  reference: { model_version: '1', rows: 5000 },
  current: { rows: 300 },
  columns,
  dataset_drift: { drifted_share, threshold: 0.5, drifted: drifted_share >= 0.5 },
});

const stable = [column({ column: 'bed' }), column({ column: 'bath' }), column({ column: 'price', role: 'target' })];

describe('decideRetrain', () => {
  it('trains the baseline when nothing is in production', () => {
    expect(decideRetrain(undefined, 'realtor-g1-b0-d1')).toEqual({ retrain: true, reasons: ['no model is in production yet: batch realtor-g1-b0-d1 trains the baseline'] });
  });

  it('skips a stable batch and says why, naming statistics and thresholds', () => {
    const decision = decideRetrain(report(stable), 'realtor-g1-b1-d2');
    expect(decision.retrain).toBe(false);
    expect(decision.reasons[0]).toBe('the target is stable: price (target): Wasserstein distance / reference std = 0.020 < threshold 0.1');
    expect(decision.reasons[1]).toBe('none of the 2 features drifted');
  });

  it('retrains on target drift, naming the statistic and its value', () => {
    const columns = [...stable.slice(0, 2), column({ column: 'price', role: 'target', statistic: 0.83, drifted: true })];
    expect(decideRetrain(report(columns), 'b').reasons).toEqual(['the target drifted: price (target): Wasserstein distance / reference std = 0.830 >= threshold 0.1']);
  });

  it('retrains on dataset drift and lists the drifted features', () => {
    const columns = [
      column({ column: 'bed', statistic: 0.3, drifted: true }),
      column({ column: 'state', kind: 'categorical', test: 'Jensen-Shannon distance', statistic: 0.4, drifted: true }),
      column({ column: 'bath' }),
      stable[2] as ColumnDrift,
    ];
    const decision = decideRetrain(report(columns, 2 / 3), 'b');
    expect(decision.retrain).toBe(true);
    expect(decision.reasons[0]).toMatch(/^the dataset drifted: 2 of 3 features drifted \(66\.7%, dataset drift at 50\.0%\): bed: .* = 0\.300 >= threshold 0\.1; state: Jensen-Shannon distance = 0\.400/);
  });

  it('uses p-values the right way round for tests that give them', () => {
    const columns = [column({ column: 'bed', test: 'K-S', statistic: 0.4, p_value: 0.001, threshold: 0.05, drifted: true }), column({ column: 'bath' }), column({ column: 'acre_lot' }), stable[2] as ColumnDrift];
    const decision = decideRetrain(report(columns, 1 / 3), 'b');
    expect(decision.retrain).toBe(false);
    expect(decision.reasons[1]).toContain('bed: K-S p-value = 0.001 < threshold 0.05');
  });

  it('retrains on new categories above 5% of the batch, and on missing values that moved', () => {
    const columns = [
      column({ column: 'state', kind: 'categorical', new_categories: [{ value: 'Guam', share: 0.04 }, { value: 'Alaska', share: 0.02 }] }),
      column({ column: 'bed', missing_share: { reference: 0.05, current: 0.3 } }),
      stable[2] as ColumnDrift,
    ];
    expect(decideRetrain(report(columns), 'b').reasons).toEqual([
      'state: 6.0% of the batch has categories the model never saw ("Guam", "Alaska"), above 5.0%',
      'bed: missing values went from 5.0% to 30.0%, a change above 10.0%',
    ]);
  });

  it('leaves new categories of high-cardinality features to their distribution test', () => {
    const columns = [
      column({ column: 'zip_code', kind: 'categorical', reference_categories: 4000, new_categories: [{ value: '43004', share: 0.9 }] }),
      stable[2] as ColumnDrift,
    ];
    expect(decideRetrain(report(columns), 'b').retrain).toBe(false);
  });

  it('never retrains on volume alone', () => {
    const big = { ...report(stable), current: { rows: 10_000_000 } };
    expect(decideRetrain(big, 'b').retrain).toBe(false);
  });
});

describe('skipNothingNew', () => {
  it('names the deliveries and where their rows went', () => {
    expect(skipNothingNew([{ batch_id: 'realtor-g1-b2-d5', rows_in: 30, rows_rejected: 2, rows_duplicate: 28 }])).toEqual({
      retrain: false,
      reasons: ['delivery realtor-g1-b2-d5 added no new rows: of 30 rows received, 28 repeat rows CLEAN already holds and 2 were rejected'],
    });
    expect(
      skipNothingNew([
        { batch_id: 'realtor-g1-b2-d5', rows_in: 30, rows_rejected: 2, rows_duplicate: 28 },
        { batch_id: 'realtor-g1-b2-d6', rows_in: 10, rows_rejected: 0, rows_duplicate: 10 },
      ]).reasons,
    ).toEqual(['deliveries realtor-g1-b2-d5, realtor-g1-b2-d6 added no new rows: of 40 rows received, 38 repeat rows CLEAN already holds and 2 were rejected']);
  });
});
