import { datasets } from '@tabular-ct/core';
import { rmse } from '@tabular-ct/ml';
import { describe, expect, it } from 'vitest';
import { evaluationMetrics, missesOptionalFeature, selectionMetric, subsetMetrics } from './evaluation.ts';

describe('selectionMetric', () => {
  it('is RMSE of log1p(price) for realtor and log-loss for diabetes, the metrics promotion compares', () => {
    const y = Float64Array.from([100_000, 250_000, 1_000_000]);
    const p = Float64Array.from([120_000, 200_000, 900_000]);
    const s = selectionMetric(datasets.realtor);
    expect(s.name).toBe('rmse_log1p');
    expect(s.metric(y, p)).toBeCloseTo(rmse(y.map(Math.log1p), p.map(Math.log1p)), 12);
    expect(selectionMetric(datasets.diabetes).name).toBe('log_loss');
  });
});

describe('evaluationMetrics', () => {
  it('reports regression metrics in the target units beside the selection metric', () => {
    const m = evaluationMetrics(datasets.realtor, Float64Array.from([100, 200]), Float64Array.from([110, 190]));
    expect(Object.keys(m).sort()).toEqual(['mae', 'mape', 'r2', 'rmse', 'rmse_log1p']);
    expect(m.mae).toBeCloseTo(10, 12);
  });

  it('leaves out what a split cannot define: AUC with a single class', () => {
    const m = evaluationMetrics(datasets.diabetes, Float64Array.from([0, 0, 0]), Float64Array.from([0.1, 0.2, 0.3]));
    expect(m).not.toHaveProperty('roc_auc');
    expect(m.log_loss).toBeGreaterThan(0);
    expect(m.accuracy).toBe(1);
  });

  it('returns nothing for an empty split', () => {
    expect(evaluationMetrics(datasets.diabetes, new Float64Array(0), new Float64Array(0))).toEqual({});
  });
});

describe('subsetMetrics', () => {
  const realtor = datasets.realtor;
  it('reads a missing optional feature, not a missing required one or an identifier', () => {
    const misses = missesOptionalFeature(realtor);
    expect(misses({ status: 'sold', state: 'Ohio', bed: null })).toBe(true);
    expect(misses({ status: 'sold', state: 'Ohio', bed: 3, bath: 2, acre_lot: 0.1, city: 'x', zip_code: '43004', house_size: 900, prev_sold_date: '2001-01-01' })).toBe(false);
  });

  it('scores the rows with a missing field and the complete ones apart, each with enough rows', () => {
    const complete = { status: 'sold', state: 'Ohio', bed: 3, bath: 2, acre_lot: 0.1, city: 'x', zip_code: '43004', house_size: 900, prev_sold_date: '2001-01-01' };
    const rows = Array.from({ length: 80 }, (_, i) => (i % 2 ? complete : { ...complete, house_size: null }));
    const y = Float64Array.from(rows, (_, i) => 100_000 + i * 1_000);
    const p = Float64Array.from(y, (v, i) => (i % 2 ? v : v * 1.5));
    const out = subsetMetrics(realtor, rows, y, p);
    expect(out.complete_rmse_log1p).toBe(0);
    expect(out.missing_rmse_log1p).toBeCloseTo(Math.log(1.5), 2);
    // Too few rows, or all of them: nothing more than the overall metric says.
    expect(subsetMetrics(realtor, rows, y, p, 41)).toEqual({});
    expect(subsetMetrics(realtor, rows.slice(0, 1).concat(rows.filter((_, i) => i % 2 === 0)), y.subarray(0, 41), p.subarray(0, 41))).toEqual({});
  });
});
