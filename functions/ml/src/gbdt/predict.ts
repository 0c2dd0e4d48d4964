import { type Dataset, rowCount } from '../dataset.ts';
import type { GbdtModel } from './model.ts';
import { sigmoid } from './loss/logistic.ts';
import { encodeColumns, goesLeft } from './route.ts';

/** Raw scores (margins, in the transformed target's units) of every row. */
export function predictRaw(model: GbdtModel, data: Dataset): Float64Array {
  const n = rowCount(data);
  const cols = encodeColumns(model, data);
  const t = model.trees;
  const out = new Float64Array(n).fill(model.initScore);
  for (let r = 0; r < n; r++) {
    let sum = 0;
    for (let k = 0; k < t.roots.length; k++) {
      let node = t.roots[k]!;
      while (node >= 0) {
        node = goesLeft(t, node, cols[t.feature[node]!]![r]!) ? t.left[node]! : t.right[node]!;
      }
      sum += t.leafValue[~node]!;
    }
    out[r]! += sum;
  }
  return out;
}

/** Predictions in the target's units: probabilities for binary, inverse-transformed values otherwise. */
export function predict(model: GbdtModel, data: Dataset): Float64Array {
  const raw = predictRaw(model, data);
  if (model.objective === 'binary') for (let i = 0; i < raw.length; i++) raw[i] = sigmoid(raw[i]!);
  else if (model.targetTransform === 'log1p') for (let i = 0; i < raw.length; i++) raw[i] = Math.expm1(raw[i]!);
  return raw;
}
