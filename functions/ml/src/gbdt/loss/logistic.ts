import { LOGLOSS_EPS } from '../../metrics/constants.ts';
import { MIN_HESSIAN } from '../constants.ts';
import type { Loss } from './loss.ts';
import { mean } from './squared.ts';

/** The logistic function. */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Binary log-loss on margins, labels 0 or 1: gradient p - y, hessian p(1 - p). */
export const logisticLoss: Loss = {
  initScore(y) {
    const p = Math.min(Math.max(mean(y), LOGLOSS_EPS), 1 - LOGLOSS_EPS);
    return Math.log(p / (1 - p));
  },
  gradients(y, score, grad, hess) {
    for (let i = 0; i < y.length; i++) {
      const p = sigmoid(score[i]!);
      grad[i] = p - y[i]!;
      hess[i] = Math.max(p * (1 - p), MIN_HESSIAN);
    }
  },
  evaluate(y, score) {
    let s = 0;
    for (let i = 0; i < y.length; i++) {
      const p = Math.min(Math.max(sigmoid(score[i]!), LOGLOSS_EPS), 1 - LOGLOSS_EPS);
      s -= y[i]! === 1 ? Math.log(p) : Math.log(1 - p);
    }
    return s / y.length;
  },
};
