// The coalition game of a tree ensemble of ours, computed from its structure: KernelSHAP's
// v(S) = sum_b w_b T(init + sum_t tree_t(x_S, b_notS)) without evaluating coalition x
// background rows. For one background row b and one tree, the walk from the root follows x
// and b together while they go the same way (routed by route.ts, as predict.ts routes), and
// where they part at a split on feature j it follows x if j is already required inside the
// coalition on this path, b if required outside, and otherwise both: x's side with j inside,
// b's side with j outside. Each leaf reached is a term (inside set A, outside set R, value):
// margin(x_S, b) = init + the sum of the terms with A in S and R outside S. With T the identity
// the game is linear and all background rows share one table; otherwise T is applied per
// background row, to a table over the few features its terms involve.
import type { Column, Dataset } from '../dataset.ts';
import { sigmoid } from '../gbdt/loss/logistic.ts';
import type { GbdtModel } from '../gbdt/model.ts';
import { predictRaw } from '../gbdt/predict.ts';
import { encodeColumns, goesLeft } from '../gbdt/route.ts';
import { checkShapes, normalizedWeights, varyingFeatures, type Background, type CoalitionGame, type FeatureValue } from './coalition-game.ts';
import { coalitionTable, Compressor, sumTerms } from './coalition-table.ts';
import { MAX_MASK_FEATURES, TABLE_BUDGET, TABLE_MAX_BITS } from './constants.ts';
import type { BatchModel } from './row-game.ts';
import { collectTerms, type TermList } from './tree-terms.ts';

/** What turns the raw margin into the explained output: the target's units are expm1 (log1p target) or sigmoid (binary). */
export type MarginTransform = 'identity' | 'expm1' | 'sigmoid';

function transformOf(transform: MarginTransform): (m: number) => number {
  if (transform === 'expm1') return Math.expm1;
  if (transform === 'sigmoid') return sigmoid;
  return (m) => m;
}

/** The tree table as a black box: predictRaw, then the transform (what the row game evaluates). */
export function treeBatchModel(model: GbdtModel, transform: MarginTransform): BatchModel {
  const T = transformOf(transform);
  return (columns) => {
    const out = predictRaw(model, { features: model.features, columns });
    for (let i = 0; i < out.length; i++) out[i] = T(out[i]!);
    return out;
  };
}

/** One row as columns of length 1 (numbers: NaN for missing; categories: null). */
function rowColumns(model: GbdtModel, x: readonly FeatureValue[]): Column[] {
  return model.features.map((f, j) => {
    const v = x[j];
    return f.kind === 'numeric' ? Float64Array.of(typeof v === 'number' ? v : NaN) : [typeof v === 'string' ? v : null];
  });
}

/** A list of terms, with the table of its coalitions' outputs when it fits. */
interface Part extends TermList {
  /** T of the margin of every coalition of the features the terms involve, when that table fits. */
  table?: { readonly compressor: Compressor; readonly values: Float64Array };
}

/**
 * KernelSHAP's coalition game of `model` with output transform(raw margin), or undefined when
 * more than MAX_MASK_FEATURES features vary (the caller then evaluates rows). `tableBits`
 * caps the features a coalition table may span (tests lower it to exercise the per-coalition sums).
 */
export function treeGame(
  model: GbdtModel,
  transform: MarginTransform,
  x: readonly FeatureValue[],
  background: Background,
  tableBits = TABLE_MAX_BITS,
): CoalitionGame | undefined {
  const B = checkShapes(x, background);
  const varying = varyingFeatures(x, background);
  const M = varying.length;
  if (M > MAX_MASK_FEATURES) return undefined;
  const weights = normalizedWeights(background.weights, B);
  const T = transformOf(transform);
  const t = model.trees;

  const bgData: Dataset = { features: model.features, columns: background.columns };
  const xData: Dataset = { features: model.features, columns: rowColumns(model, x) };
  const xs = encodeColumns(model, xData).map((c) => c[0]!);
  const xLeft = new Uint8Array(t.feature.length);
  for (let node = 0; node < xLeft.length; node++) xLeft[node] = goesLeft(t, node, xs[t.feature[node]!]!) ? 1 : 0;
  const bit = new Int32Array(model.features.length);
  varying.forEach((j, k) => (bit[j] = 1 << k));

  // A linear T: the rows' margins are summed as they are, so their terms merge into one list.
  const parts: Part[] = collectTerms(model, xLeft, encodeColumns(model, bgData), bit, weights, transform === 'identity');

  let budget = TABLE_BUDGET;
  for (const part of parts) {
    let span = 0;
    for (let i = 0; i < part.terms.length; i++) span |= part.terms.care[i]!;
    const compressor = new Compressor(span);
    if (compressor.bits > tableBits || 1 << compressor.bits > budget) continue;
    budget -= 1 << compressor.bits;
    const values = coalitionTable(part.terms, compressor, part.constant);
    for (let i = 0; i < values.length; i++) values[i] = T(values[i]!);
    part.table = { compressor, values };
  }

  const values = (masks: Uint8Array, n: number): Float64Array => {
    const coalitions = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let S = 0;
      for (let k = 0; k < M; k++) if (masks[i * M + k] === 1) S |= 1 << k;
      coalitions[i] = S;
    }
    const out = new Float64Array(n);
    for (const part of parts) {
      const { weight, table } = part;
      if (table) for (let i = 0; i < n; i++) out[i]! += weight * table.values[table.compressor.index(coalitions[i]!)]!;
      else for (let i = 0; i < n; i++) out[i]! += weight * T(part.constant + sumTerms(part.terms, coalitions[i]!));
    }
    return out;
  };
  // E f and f(x) are the values of the empty and the full coalition.
  const ends = values(new Uint8Array(2 * M).fill(1, M), 2);
  return { varying, prediction: ends[1]!, expected: ends[0]!, values };
}
