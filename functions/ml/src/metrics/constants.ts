/**
 * Probabilities are clipped this far from 0 and 1 in log-loss, as scikit-learn does for
 * float64 (its eps is the machine epsilon), so a confident wrong answer costs ~36, not inf.
 * The logistic loss clips the same way.
 */
export const LOGLOSS_EPS = 2.220446049250313e-16;

/** Smallest |y| MAPE divides by, as in scikit-learn: a zero target gives a huge, finite error. */
export const MAPE_EPS = 2.220446049250313e-16;
