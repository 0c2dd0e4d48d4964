// Exact path-dependent TreeSHAP, the algorithm docs/shap.md cites: O(T L D^2) per row. It explains
// the raw margin (the sum of tree outputs plus the init score, before the sigmoid or expm1),
// as shap's TreeExplainer does with model_output='raw'. A feature outside the coalition is
// integrated out by the training covers of the nodes (the "cold" branch weighted by its share
// of rows); a feature inside follows the row (the "hot" branch), routed exactly as predict.ts
// routes it, missing values and category sets included.
import { rowCount, type Dataset } from '../dataset.ts';
import type { GbdtModel } from '../gbdt/model.ts';
import type { TreeTable } from '../gbdt/tree-table.ts';
import { encodeColumns, goesLeft } from '../gbdt/route.ts';

/** Shapley values of the raw margin of each row. */
export interface TreeShapResult {
  /** Row-major: phi[r * features + j] is feature j's contribution to row r's raw margin. */
  readonly phi: Float64Array;
  readonly rows: number;
  readonly features: number;
  /** Mean raw margin over the training rows (leaves weighted by cover, plus the init score). */
  readonly expected: number;
}

/**
 * Exact TreeSHAP of the raw margin of every row: for each row, sum(phi) + expected equals
 * predictRaw to rounding.
 */
export function treeShap(model: GbdtModel, data: Dataset): TreeShapResult {
  const t = model.trees;
  const F = model.features.length;
  const n = rowCount(data);
  const cols = encodeColumns(model, data);
  const depth = maxDepth(t);
  // One path buffer per recursion level; a level's path holds at most depth + 1 elements.
  const stride = depth + 2;
  const size = stride * (depth + 2);
  const ctx: Context = {
    t,
    cols,
    row: 0,
    phi: new Float64Array(0),
    stride,
    feat: new Int32Array(size),
    zero: new Float64Array(size),
    one: new Float64Array(size),
    weight: new Float64Array(size),
  };
  const phi = new Float64Array(n * F);
  for (let r = 0; r < n; r++) {
    ctx.row = r;
    ctx.phi = phi.subarray(r * F, (r + 1) * F);
    for (let k = 0; k < t.roots.length; k++) {
      const root = t.roots[k]!;
      if (root >= 0) recurse(ctx, root, 0, 0, 1, 1, -1);
    }
  }
  let expected = model.initScore;
  for (let k = 0; k < t.roots.length; k++) expected += meanValue(t, t.roots[k]!);
  return { phi, rows: n, features: F, expected };
}

interface Context {
  readonly t: TreeTable;
  readonly cols: readonly Float64Array[];
  row: number;
  phi: Float64Array;
  readonly stride: number;
  // The unique path of Algorithm 2, one stretch of `stride` elements per recursion level.
  readonly feat: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly weight: Float64Array;
}

/** Node or leaf cover (training rows that reached it). */
function cover(t: TreeTable, c: number): number {
  return c >= 0 ? t.nodeCount[c]! : t.leafCount[~c]!;
}

/**
 * Shares of a node's rows that went left and right. A node no training row reached (cover 0)
 * splits evenly, so expected value and phi stay finite and consistent with each other.
 */
function shares(t: TreeTable, node: number): [number, number] {
  const c = t.nodeCount[node]!;
  if (!(c > 0)) return [0.5, 0.5];
  return [cover(t, t.left[node]!) / c, cover(t, t.right[node]!) / c];
}

/** Cover-weighted mean of the leaves below c: the tree's expected output. */
function meanValue(t: TreeTable, c: number): number {
  if (c < 0) return t.leafValue[~c]!;
  const [l, r] = shares(t, c);
  return l * meanValue(t, t.left[c]!) + r * meanValue(t, t.right[c]!);
}

function maxDepth(t: TreeTable): number {
  const depthOf = (c: number): number => (c < 0 ? 0 : 1 + Math.max(depthOf(t.left[c]!), depthOf(t.right[c]!)));
  let d = 0;
  for (let k = 0; k < t.roots.length; k++) d = Math.max(d, depthOf(t.roots[k]!));
  return d;
}

/**
 * Algorithm 2's RECURSE. `depth` is the length of the parent's unique path; the parent's
 * path is copied to this level, then extended by the split that led here (feature pf, with
 * zero fraction pz: share of covers, one fraction po: 1 on the hot branch, 0 on the cold).
 */
function recurse(c: Context, node: number, level: number, depth: number, pz: number, po: number, pf: number): void {
  const off = level * c.stride;
  if (level > 0) {
    // Paths are a few elements long: a loop beats four copyWithin calls.
    const from = off - c.stride;
    for (let i = 0; i < depth; i++) {
      c.feat[off + i] = c.feat[from + i]!;
      c.zero[off + i] = c.zero[from + i]!;
      c.one[off + i] = c.one[from + i]!;
      c.weight[off + i] = c.weight[from + i]!;
    }
  }
  extend(c, off, depth, pz, po, pf);
  const t = c.t;
  if (node < 0) {
    const v = t.leafValue[~node]!;
    for (let i = 1; i <= depth; i++) {
      const w = unwoundSum(c, off, depth, i);
      c.phi[c.feat[off + i]!]! += w * (c.one[off + i]! - c.zero[off + i]!) * v;
    }
    return;
  }
  const f = t.feature[node]!;
  const left = goesLeft(t, node, c.cols[f]![c.row]!);
  const hot = left ? t.left[node]! : t.right[node]!;
  const cold = left ? t.right[node]! : t.left[node]!;
  const n = t.nodeCount[node]!;
  const hotShare = n > 0 ? cover(t, hot) / n : 0.5;
  const coldShare = n > 0 ? cover(t, cold) / n : 0.5;
  // A feature already on the path is undone and redone here, its fractions multiplied in.
  let inZero = 1;
  let inOne = 1;
  let d = depth;
  for (let i = 1; i <= d; i++) {
    if (c.feat[off + i] === f) {
      inZero = c.zero[off + i]!;
      inOne = c.one[off + i]!;
      unwind(c, off, d, i);
      d--;
      break;
    }
  }
  recurse(c, hot, level + 1, d + 1, hotShare * inZero, inOne, f);
  recurse(c, cold, level + 1, d + 1, coldShare * inZero, 0, f);
}

/** EXTEND: adds element d to the path and updates the permutation weights. */
function extend(c: Context, off: number, d: number, z: number, o: number, f: number): void {
  const w = c.weight;
  c.feat[off + d] = f;
  c.zero[off + d] = z;
  c.one[off + d] = o;
  w[off + d] = d === 0 ? 1 : 0;
  for (let i = d - 1; i >= 0; i--) {
    w[off + i + 1]! += (o * w[off + i]! * (i + 1)) / (d + 1);
    w[off + i] = (z * w[off + i]! * (d - i)) / (d + 1);
  }
}

/** UNWIND: removes element p from a path of d + 1 elements, inverting EXTEND. */
function unwind(c: Context, off: number, d: number, p: number): void {
  const w = c.weight;
  const o = c.one[off + p]!;
  const z = c.zero[off + p]!;
  let next = w[off + d]!;
  for (let i = d - 1; i >= 0; i--) {
    if (o !== 0) {
      const tmp = w[off + i]!;
      w[off + i] = (next * (d + 1)) / ((i + 1) * o);
      next = tmp - (w[off + i]! * z * (d - i)) / (d + 1);
    } else {
      w[off + i] = (w[off + i]! * (d + 1)) / (z * (d - i));
    }
  }
  for (let i = p; i < d; i++) {
    c.feat[off + i] = c.feat[off + i + 1]!;
    c.zero[off + i] = c.zero[off + i + 1]!;
    c.one[off + i] = c.one[off + i + 1]!;
  }
}

/** Sum of the permutation weights the path would have without element p (UNWOUND_SUM). */
function unwoundSum(c: Context, off: number, d: number, p: number): number {
  const w = c.weight;
  const o = c.one[off + p]!;
  const z = c.zero[off + p]!;
  let next = w[off + d]!;
  let total = 0;
  for (let i = d - 1; i >= 0; i--) {
    if (o !== 0) {
      const tmp = (next * (d + 1)) / ((i + 1) * o);
      total += tmp;
      next = w[off + i]! - (tmp * z * (d - i)) / (d + 1);
    } else if (z !== 0) {
      total += (w[off + i]! / z) * ((d + 1) / (d - i));
    }
  }
  return total;
}
