import type { BinMapper } from './binning.ts';
import type { TrainTree } from './grow.ts';

/**
 * The flat prediction table of a tree ensemble, in raw feature units: what predict walks and
 * what the ONNX export writes. Node k of any tree: threshold split `x <= threshold[k]` goes
 * left (NaN goes left iff missingLeft[k]), where x is a number or a category's code (NaN for
 * missing and unseen categories); set split (catWord[k] >= 0): the category code's bit in
 * catBits[catWord[k] ..] set goes left, anything else (missing, unseen) right.
 * Children: c >= 0 is a node index, c < 0 is the leaf ~c. Indexes are global over all trees.
 */
export interface TreeTable {
  /** Root of each tree: a node index, or ~leaf for a tree that is a single leaf. */
  readonly roots: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly missingLeft: Uint8Array;
  readonly catWord: Int32Array;
  readonly catBits: Uint32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly leafValue: Float64Array;
  /** Training rows that reached each node and leaf (the covers TreeSHAP weighs paths by). */
  readonly nodeCount: Float64Array;
  readonly leafCount: Float64Array;
}

/** Words of a category bitset: codes are bins, fewer than 256 per feature. */
export const CAT_WORDS = 8;

/** Flattens trained bin-space trees into a prediction table with raw thresholds. */
export function toTreeTable(trees: readonly TrainTree[], mappers: readonly BinMapper[]): TreeTable {
  let nodes = 0;
  let leaves = 0;
  let catNodes = 0;
  for (const t of trees) {
    nodes += t.feature.length;
    leaves += t.leafValue.length;
    for (const s of t.leftBins) if (s) catNodes++;
  }
  const table = {
    roots: new Int32Array(trees.length),
    feature: new Int32Array(nodes),
    threshold: new Float64Array(nodes),
    missingLeft: new Uint8Array(nodes),
    catWord: new Int32Array(nodes).fill(-1),
    catBits: new Uint32Array(catNodes * CAT_WORDS),
    left: new Int32Array(nodes),
    right: new Int32Array(nodes),
    leafValue: new Float64Array(leaves),
    nodeCount: new Float64Array(nodes),
    leafCount: new Float64Array(leaves),
  };
  let n0 = 0;
  let l0 = 0;
  let w = 0;
  const ref = (c: number) => (c >= 0 ? c + n0 : ~(~c + l0));
  trees.forEach((t, i) => {
    table.roots[i] = t.feature.length > 0 ? n0 : ~l0;
    for (let k = 0; k < t.feature.length; k++) {
      const f = t.feature[k]!;
      const m = mappers[f]!;
      const g = n0 + k;
      table.feature[g] = f;
      table.left[g] = ref(t.left[k]!);
      table.right[g] = ref(t.right[k]!);
      const set = t.leftBins[k];
      if (set) {
        table.catWord[g] = w;
        for (const b of set) table.catBits[w + (b >>> 5)]! |= 1 << (b & 31);
        w += CAT_WORDS;
      } else {
        // Numeric: the bin's upper edge. Ordered categorical: halfway to the next code.
        table.threshold[g] = m.kind === 'numeric' ? m.upper[t.thresholdBin[k]!]! : t.thresholdBin[k]! + 0.5;
        table.missingLeft[g] = t.missingLeft[k] ? 1 : 0;
      }
    }
    for (let l = 0; l < t.leafValue.length; l++) {
      table.leafValue[l0 + l] = t.leafValue[l]!;
      table.leafCount[l0 + l] = t.leafCount[l]!;
    }
    const count = (c: number): number => {
      if (c < 0) return t.leafCount[~c]!;
      const n = count(t.left[c]!) + count(t.right[c]!);
      table.nodeCount[n0 + c] = n;
      return n;
    };
    if (t.feature.length > 0) count(0);
    n0 += t.feature.length;
    l0 += t.leafValue.length;
  });
  return table;
}

