import { describe, expect, it } from 'vitest';
import { bootstrapDifference, bootstrapMetric } from './bootstrap.ts';
import { accuracyAt, f1At, logLoss, prAuc, rocAuc } from './classification.ts';
import { mae, mape, r2, rmse, rmsle } from './regression.ts';
import { createRng } from '../random.ts';

const f = (...v: number[]) => Float64Array.from(v);

describe('regression metrics', () => {
  const y = f(3, -0.5, 2, 7);
  const p = f(2.5, 0, 2, 8);
  it('match scikit-learn on its documentation examples', () => {
    expect(rmse(y, p)).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(mae(y, p)).toBeCloseTo(0.5, 12);
    expect(r2(y, p)).toBeCloseTo(0.9486081370449679, 12);
    expect(mape(y, p)).toBeCloseTo(0.3273809523809524, 12);
    expect(rmsle(f(3, 5, 2.5, 7), f(2.5, 5, 4, 8))).toBeCloseTo(0.19932416558108, 12);
  });
  it('rejects bad input', () => {
    expect(() => rmse(f(1), f(1, 2))).toThrow(RangeError);
    expect(() => rmsle(f(-2), f(1))).toThrow(RangeError);
    expect(r2(f(1, 1), f(1, 1))).toBe(1);
  });
});

describe('classification metrics', () => {
  const y = f(0, 0, 1, 1);
  const p = f(0.1, 0.4, 0.35, 0.8);
  it('match hand-computed values', () => {
    expect(rocAuc(y, p)).toBeCloseTo(0.75, 12);
    expect(prAuc(y, p)).toBeCloseTo(0.8333333333333333, 12);
    expect(logLoss(y, p)).toBeCloseTo(-(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4, 12);
    expect(accuracyAt(0.5)(y, p)).toBe(0.75);
    expect(accuracyAt(0.3)(y, p)).toBe(0.75);
    // threshold 0.3: predicted 0,1,1,1 -> tp 2, fp 1, fn 0.
    expect(f1At(0.3)(y, p)).toBeCloseTo(0.8, 12);
    expect(f1At(0.9)(y, p)).toBe(0);
  });
  it('counts tied scores as half-ordered', () => {
    expect(rocAuc(f(0, 1, 0, 1), f(0.5, 0.5, 0.5, 0.5))).toBe(0.5);
    expect(rocAuc(f(0, 1, 1), f(0.2, 0.2, 0.9))).toBeCloseTo(0.75, 12);
    expect(() => rocAuc(f(1, 1), f(0.2, 0.3))).toThrow(RangeError);
  });
  it('clips probabilities in log-loss', () => {
    expect(logLoss(f(1), f(0))).toBeCloseTo(-Math.log(2.220446049250313e-16), 6);
  });
});

describe('bootstrap', () => {
  const rng = createRng(3);
  const n = 400;
  const y = Float64Array.from({ length: n }, () => rng() * 10);
  const a = Float64Array.from(y, (v) => v + (rng() - 0.5) * 2);
  const b = Float64Array.from(y, (v) => v + (rng() - 0.5) * 4);

  it('gives an interval around the estimate, the same for a seed', () => {
    const ci = bootstrapMetric(rmse, y, a, { resamples: 300, seed: 1 });
    expect(ci.estimate).toBeCloseTo(rmse(y, a), 12);
    expect(ci.lower).toBeLessThan(ci.estimate);
    expect(ci.upper).toBeGreaterThan(ci.estimate);
    expect(bootstrapMetric(rmse, y, a, { resamples: 300, seed: 1 })).toEqual(ci);
    // Uniform noise of width 2: RMSE ~ 0.577, standard error about 0.015 with 400 rows.
    expect(ci.upper - ci.lower).toBeGreaterThan(0.02);
    expect(ci.upper - ci.lower).toBeLessThan(0.12);
  });

  it('gives a paired interval of the difference that excludes 0 for a clearly better model', () => {
    const d = bootstrapDifference(rmse, y, a, b, { resamples: 300 });
    expect(d.estimate).toBeCloseTo(rmse(y, a) - rmse(y, b), 12);
    expect(d.upper).toBeLessThan(0);
    const same = bootstrapDifference(rmse, y, a, a, { resamples: 50 });
    expect([same.lower, same.upper]).toEqual([0, 0]);
  });

  it('skips resamples where the metric is undefined', () => {
    const yy = f(0, 0, 0, 0, 0, 0, 0, 1);
    const pp = f(0.1, 0.2, 0.3, 0.1, 0.2, 0.3, 0.1, 0.9);
    const ci = bootstrapMetric(rocAuc, yy, pp, { resamples: 100 });
    expect(ci.estimate).toBe(1);
    expect(ci.lower).toBe(1);
  });
});
