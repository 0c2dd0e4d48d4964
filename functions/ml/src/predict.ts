import type { Dataset } from './dataset.ts';
import { rowCount } from './dataset.ts';
import type { GbdtModel } from './model.ts';
import { sigmoid } from './loss-logistic.ts';

/** Raw scores (margins, in the transformed target's units) of every row. */
export function predictRaw(model: GbdtModel, data: Dataset): Float64Array {
  const n = rowCount(data);
  const F = model.features.length;
  if (data.columns.length !== F) throw new RangeError(`expected ${F} columns, got ${data.columns.length}`);
  // Numeric columns as numbers, categorical columns as codes (NaN: missing or unseen).
  const cols: Float64Array[] = model.features.map((f, j) => {
    const col = data.columns[j]!;
    if (data.features[j]?.name !== f.name) throw new RangeError(`column ${j} is ${data.features[j]?.name}, model expects ${f.name}`);
    if (f.kind === 'numeric') {
      if (!(col instanceof Float64Array)) throw new TypeError(`feature ${f.name} is numeric`);
      return col;
    }
    if (col instanceof Float64Array) throw new TypeError(`feature ${f.name} is categorical`);
    const index = new Map((f.categories ?? []).map((c, i) => [c, i]));
    const codes = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const s = col[r];
      codes[r] = s === null || s === undefined ? NaN : (index.get(s) ?? NaN);
    }
    return codes;
  });
  const t = model.trees;
  const out = new Float64Array(n).fill(model.initScore);
  for (let r = 0; r < n; r++) {
    let sum = 0;
    for (let k = 0; k < t.roots.length; k++) {
      let node = t.roots[k]!;
      while (node >= 0) {
        const x = cols[t.feature[node]!]![r]!;
        const w = t.catWord[node]!;
        let goLeft: boolean;
        if (w >= 0) goLeft = x >= 0 && ((t.catBits[w + (x >>> 5)]! >>> (x & 31)) & 1) === 1;
        else if (Number.isNaN(x)) goLeft = t.missingLeft[node] === 1;
        else goLeft = x <= t.threshold[node]!;
        node = goLeft ? t.left[node]! : t.right[node]!;
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
  return rawToPrediction(model, raw);
}

/** Maps raw scores to the target's units (in place). */
function rawToPrediction(model: GbdtModel, raw: Float64Array): Float64Array {
  if (model.objective === 'binary') for (let i = 0; i < raw.length; i++) raw[i] = sigmoid(raw[i]!);
  else if (model.targetTransform === 'log1p') for (let i = 0; i < raw.length; i++) raw[i] = Math.expm1(raw[i]!);
  return raw;
}
