import type { Loss } from './loss.ts';

/** Squared error (L2): gradient s - y, hessian 1; early stopping watches the RMSE. */
export const squaredLoss: Loss = {
  initScore: mean,
  constantHessian: 1,
  residual: true,
  gradients(y, score, grad, hess) {
    for (let i = 0; i < y.length; i++) {
      grad[i] = score[i]! - y[i]!;
      hess[i] = 1;
    }
  },
  evaluate(y, score) {
    let s = 0;
    for (let i = 0; i < y.length; i++) s += (score[i]! - y[i]!) ** 2;
    return Math.sqrt(s / y.length);
  },
};

/** Mean of an array: the best constant under squared error. */
export function mean(y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i]!;
  return y.length > 0 ? s / y.length : 0;
}
