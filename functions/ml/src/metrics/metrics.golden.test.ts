// Our metrics against scikit-learn's on functions/ml/fixtures/metrics_sklearn.json
// (regenerate: python/golden/make_gbdt_fixtures.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accuracyAt, f1At, logLoss, prAuc, rocAuc } from './classification.ts';
import { mae, mape, r2, rmse, rmsle } from './regression.ts';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/metrics_sklearn.json', import.meta.url), 'utf8')) as {
  regression: { y: number[]; p: number[]; rmse: number; mae: number; r2: number; mape: number; rmsle: number };
  classification: { y: number[]; p: number[]; roc_auc: number; pr_auc: number; log_loss: number; accuracy_at_0_4: number; f1_at_0_4: number };
};

// Same formulas in double precision: only summation order differs, so 1e-12 relative.
const close = (ours: number, theirs: number) => expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(theirs)));

describe('metrics against scikit-learn', () => {
  it('regression', () => {
    const { y, p, ...want } = fixture.regression;
    const [Y, P] = [Float64Array.from(y), Float64Array.from(p)];
    close(rmse(Y, P), want.rmse);
    close(mae(Y, P), want.mae);
    close(r2(Y, P), want.r2);
    close(mape(Y, P), want.mape);
    close(rmsle(Y, P), want.rmsle);
  });

  it('classification, with tied scores', () => {
    const { y, p, ...want } = fixture.classification;
    const [Y, P] = [Float64Array.from(y), Float64Array.from(p)];
    close(rocAuc(Y, P), want.roc_auc);
    close(prAuc(Y, P), want.pr_auc);
    close(logLoss(Y, P), want.log_loss);
    close(accuracyAt(0.4)(Y, P), want.accuracy_at_0_4);
    close(f1At(0.4)(Y, P), want.f1_at_0_4);
  });
});
