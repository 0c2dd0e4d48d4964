import { HUBER_DELTA } from '../constants.ts';
import type { Loss } from './loss.ts';
import { mean } from './squared.ts';

/**
 * Huber loss with delta HUBER_DELTA: quadratic near zero, linear beyond. As in LightGBM the
 * hessian is taken as 1 everywhere (the true one is 0 in the linear part, which would stall
 * Newton steps), and the start is the mean.
 */
export const huberLoss: Loss = {
  initScore: mean,
  constantHessian: 1,
  gradients(y, score, grad, hess) {
    for (let i = 0; i < y.length; i++) {
      const r = score[i]! - y[i]!;
      grad[i] = Math.abs(r) <= HUBER_DELTA ? r : Math.sign(r) * HUBER_DELTA;
      hess[i] = 1;
    }
  },
  evaluate(y, score) {
    let s = 0;
    for (let i = 0; i < y.length; i++) {
      const a = Math.abs(score[i]! - y[i]!);
      s += a <= HUBER_DELTA ? 0.5 * a * a : HUBER_DELTA * (a - 0.5 * HUBER_DELTA);
    }
    return s / y.length;
  },
};
