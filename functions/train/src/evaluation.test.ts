import { datasets } from '@tabular-ct/core';
import { rmse } from '@tabular-ct/ml';
import { describe, expect, it } from 'vitest';
import { evaluationMetrics, selectionMetric } from './evaluation.ts';

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
