// The terms of a tree ensemble's coalition game (tree-coalitions.ts). For one tree, the
// background rows walk down together, as a set sharing the coalition constraints met so far
// (features required inside, `on`, and outside, `off`): at a split on feature j, in j's
// inside the whole set follows x; if j is outside, each row follows its own side; otherwise
// the rows that go x's way carry on unchanged beside x, and those that part from x split in
// two: with j inside they follow x, with j outside their own side. Routing is route.ts's, as
// predict.ts routes. A leaf reached by a set is a term (on, off, value) for each of its rows,
// or, when the terms of all rows are summed anyway (a linear output), one term whose value
// is weighted by the rows' total weight: the background rows' terms merge where they agree.
import type { GbdtModel } from '../gbdt/model.ts';
import { goesLeft } from '../gbdt/route.ts';
import type { TreeTable } from '../gbdt/tree-table.ts';
import { emptyTerms, pushTerm, type Terms } from './coalition-table.ts';

/** Terms of one background row (weight w_b), or of all rows merged (weight 1, values weighted). */
export interface TermList {
  readonly weight: number;
  /** Margin of the leaves reached whatever the coalition (init score included). */
  readonly constant: number;
  readonly terms: Terms;
}

interface Walk {
  readonly t: TreeTable;
  /** Whether x goes left at each node. */
  readonly xLeft: Uint8Array;
  /** Encoded background columns. */
  readonly bg: readonly Float64Array[];
  /** Coalition bit of each feature (0: not varying). */
  readonly bit: Int32Array;
  readonly weights: Float64Array;
  /** Background rows, permuted in place as sets split. */
  readonly rows: Int32Array;
  readonly merged: boolean;
  readonly terms: Terms[];
  readonly constants: Float64Array;
}

/** Moves the rows of rows[lo, hi) that go left at node to the front; returns where the others start. */
function partition(w: Walk, node: number, lo: number, hi: number): number {
  const col = w.bg[w.t.feature[node]!]!;
  const rows = w.rows;
  let mid = lo;
  for (let i = lo; i < hi; i++) {
    const r = rows[i]!;
    if (goesLeft(w.t, node, col[r]!)) {
      rows[i] = rows[mid]!;
      rows[mid++] = r;
    }
  }
  return mid;
}

/** Walks the set rows[lo, hi) from node under the constraints (on, off). */
function walk(w: Walk, node: number, on: number, off: number, lo: number, hi: number): void {
  const t = w.t;
  while (node >= 0 && hi > lo) {
    const bit = w.bit[t.feature[node]!]!;
    const xSide = w.xLeft[node] === 1 ? t.left[node]! : t.right[node]!;
    if ((on & bit) !== 0) {
      node = xSide;
      continue;
    }
    const mid = partition(w, node, lo, hi);
    // Equal raw values route alike, so a feature that does not vary never parts x and b; if
    // it did (an encoding quirk), the row game would hold b's value there: own sides then too.
    if (bit === 0 || (off & bit) !== 0) {
      walk(w, t.left[node]!, on, off, lo, mid);
      node = t.right[node]!;
      lo = mid;
      continue;
    }
    // The rows going x's way ([lo, mid) when x goes left) carry on; the others branch.
    const xGoesLeft = w.xLeft[node] === 1;
    if (xGoesLeft) {
      walk(w, xSide, on, off, lo, mid);
      walk(w, xSide, on | bit, off, mid, hi);
      node = t.right[node]!;
      lo = mid;
    } else {
      walk(w, xSide, on, off, mid, hi);
      walk(w, xSide, on | bit, off, lo, mid);
      node = t.left[node]!;
      hi = mid;
    }
    off |= bit;
  }
  if (hi <= lo) return;
  const v = t.leafValue[~node]!;
  if (w.merged) {
    let total = 0;
    for (let i = lo; i < hi; i++) total += w.weights[w.rows[i]!]!;
    if ((on | off) === 0) w.constants[0]! += total * v;
    else pushTerm(w.terms[0]!, on, off, total * v);
    return;
  }
  for (let i = lo; i < hi; i++) {
    const r = w.rows[i]!;
    if ((on | off) === 0) w.constants[r]! += v;
    else pushTerm(w.terms[r]!, on, off, v);
  }
}

/**
 * The terms of every tree for x against each background row (bg: encoded columns), one list
 * per row, or one merged list when `merged` (the caller sums the rows' margins linearly).
 */
export function collectTerms(model: GbdtModel, xLeft: Uint8Array, bg: readonly Float64Array[], bit: Int32Array, weights: Float64Array, merged: boolean): TermList[] {
  const t = model.trees;
  const B = weights.length;
  const lists = merged ? 1 : B;
  const w: Walk = {
    t,
    xLeft,
    bg,
    bit,
    weights,
    rows: Int32Array.from({ length: B }, (_, b) => b),
    merged,
    terms: Array.from({ length: lists }, emptyTerms),
    constants: new Float64Array(lists).fill(model.initScore),
  };
  for (let k = 0; k < t.roots.length; k++) {
    const root = t.roots[k]!;
    if (root >= 0) walk(w, root, 0, 0, 0, B);
    else for (let i = 0; i < lists; i++) w.constants[i]! += t.leafValue[~root]!;
  }
  return w.terms.map((terms, i) => ({ weight: merged ? 1 : weights[i]!, constant: w.constants[i]!, terms }));
}
