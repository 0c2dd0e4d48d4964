// Binary classification metrics: labels y in {0, 1}, scores p (probabilities of class 1).
import { LOGLOSS_EPS } from './constants.ts';
import { check, type Metric } from './regression.ts';

/** Row order by decreasing score (ties by row, so the order is deterministic). */
function byScoreDesc(p: Float64Array): Uint32Array {
  const order = Uint32Array.from({ length: p.length }, (_, i) => i);
  return order.sort((a, b) => p[b]! - p[a]! || a - b);
}

/** Area under the ROC curve; tied scores count one half (the Mann-Whitney statistic). */
export const rocAuc: Metric = (y, p) => {
  const n = check(y, p);
  const order = byScoreDesc(p);
  let pos = 0;
  let neg = 0;
  let area = 0;
  for (let i = 0; i < n; ) {
    let tp = 0;
    let fp = 0;
    let j = i;
    for (; j < n && p[order[j]!] === p[order[i]!]; j++) {
      if (y[order[j]!] === 1) tp++;
      else fp++;
    }
    // Negatives in this tie block rank below every earlier positive and tie with these ones.
    area += fp * pos + 0.5 * fp * tp;
    pos += tp;
    neg += fp;
    i = j;
  }
  if (pos === 0 || neg === 0) throw new RangeError('ROC AUC needs both classes');
  return area / (pos * neg);
};

/** Area under the precision-recall curve as average precision (scikit-learn's average_precision_score). */
export const prAuc: Metric = (y, p) => {
  const n = check(y, p);
  const order = byScoreDesc(p);
  let totalPos = 0;
  for (let i = 0; i < n; i++) if (y[i] === 1) totalPos++;
  if (totalPos === 0) throw new RangeError('PR AUC needs positives');
  let tp = 0;
  let seen = 0;
  let ap = 0;
  let lastRecall = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    for (; j < n && p[order[j]!] === p[order[i]!]; j++) {
      if (y[order[j]!] === 1) tp++;
      seen++;
    }
    const recall = tp / totalPos;
    ap += (recall - lastRecall) * (tp / seen);
    lastRecall = recall;
    i = j;
  }
  return ap;
};

/** Mean log-loss, probabilities clipped to [eps, 1 - eps]. */
export const logLoss: Metric = (y, p) => {
  const n = check(y, p);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const q = Math.min(Math.max(p[i]!, LOGLOSS_EPS), 1 - LOGLOSS_EPS);
    s -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return s / n;
};

/** Share of rows whose class (score >= threshold) matches the label. */
export function accuracyAt(threshold: number): Metric {
  return (y, p) => {
    const n = check(y, p);
    let right = 0;
    for (let i = 0; i < n; i++) if ((p[i]! >= threshold ? 1 : 0) === y[i]) right++;
    return right / n;
  };
}

/** F1 of the positive class when score >= threshold predicts it (0 when there are no true positives). */
export function f1At(threshold: number): Metric {
  return (y, p) => {
    const n = check(y, p);
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < n; i++) {
      const hit = p[i]! >= threshold;
      if (hit && y[i] === 1) tp++;
      else if (hit) fp++;
      else if (y[i] === 1) fn++;
    }
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  };
}
