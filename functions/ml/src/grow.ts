import type { BinMapper, BinnedData, CodeLayout } from './binning.ts';
import { binOffsets } from './binning.ts';
import { buildHistogram, buildHistogramConstantHessian, newHistogram, subtractHistogram } from './histogram.ts';
import type { SplitInfo, SplitLimits, Sums } from './split.ts';
import { findBestSplit, leafOutput } from './split.ts';

/**
 * A tree in bin space, as training builds it. Internal node k splits on feature[k]; a child
 * reference c >= 0 is an internal node, c < 0 is the leaf ~c. Leaf values are final (the
 * learning rate applied).
 */
export interface TrainTree {
  readonly feature: number[];
  readonly thresholdBin: number[];
  readonly missingLeft: boolean[];
  /** For category-set splits, the sorted local bins that go left; null for threshold splits. */
  readonly leftBins: (readonly number[] | null)[];
  readonly left: number[];
  readonly right: number[];
  readonly gain: number[];
  readonly leafValue: number[];
  readonly leafCount: number[];
}

/** Limits of leaf-wise growth. */
export interface GrowLimits extends SplitLimits {
  readonly numLeaves: number;
  /** Maximum depth of a leaf (root = 0 splits); <= 0 means unlimited. */
  readonly maxDepth: number;
}

/** Rows of each leaf after growth: leaf l holds rows[leafStart[l] .. leafEnd[l]). */
interface LeafRows {
  readonly rows: Uint32Array;
  readonly leafStart: number[];
  readonly leafEnd: number[];
}

/** Rows scanned per side and step of the block partition (fits L1 with its offsets). */
const PARTITION_BLOCK = 128;

/**
 * Grows trees leaf-wise (best-first): at each step the leaf whose best split gains most is
 * split, until numLeaves leaves exist or no leaf can split. Buffers are reused across trees.
 */
export class TreeGrower {
  private readonly offsets: Uint32Array;
  private readonly pool: Float64Array[] = [];
  private constantHessian: number | undefined;
  private readonly pairs: Float64Array;
  // The rows of the tree in leaf order: codes, gradients and hessians are moved along with
  // the row ids when a leaf is partitioned, so each leaf's data stays contiguous.
  private readonly leaf: CodeLayout;
  private readonly leafWords: Uint32Array;
  private readonly leafGrad: Float64Array;
  private readonly leafHess: Float64Array;
  private readonly dataWords: Uint32Array;
  private readonly words: number;
  private readonly goLeft = new Uint8Array(256);
  private readonly offLeft = new Int32Array(PARTITION_BLOCK);
  private readonly offRight = new Int32Array(PARTITION_BLOCK);

  constructor(
    private readonly data: BinnedData,
    private readonly mappers: readonly BinMapper[],
    private readonly limits: GrowLimits,
  ) {
    this.offsets = binOffsets(mappers);
    this.pairs = new Float64Array(this.offsets[mappers.length]! * 2);
    const n = data.rows;
    this.words = data.stride / 4;
    const words = n * this.words;
    this.leafWords = new Uint32Array(words);
    this.leaf = { numFeatures: data.numFeatures, stride: data.stride, codes: new Uint8Array(this.leafWords.buffer) };
    this.dataWords = new Uint32Array(data.codes.buffer, data.codes.byteOffset, words);
    this.leafGrad = new Float64Array(n);
    this.leafHess = new Float64Array(n);
  }

  /**
   * Grows one tree on the rows listed in `rows` (reordered in place so each leaf's rows are
   * contiguous), with the features whose `allowed` flag is 1. Leaf values are the Newton
   * outputs times the learning rate. constantHessian, when given, is every row's hessian
   * (hess is then not read). Returns null when the root cannot be split.
   */
  grow(
    grad: Float64Array,
    hess: Float64Array,
    rows: Uint32Array,
    allowed: Uint8Array,
    learningRate: number,
    constantHessian?: number,
  ): { tree: TrainTree; leaves: LeafRows } | null {
    this.constantHessian = constantHessian;
    const { data, limits, mappers, offsets } = this;
    const totalBins = offsets[mappers.length]!;
    const tree: TrainTree = {
      feature: [],
      thresholdBin: [],
      missingLeft: [],
      leftBins: [],
      left: [],
      right: [],
      gain: [],
      leafValue: [],
      leafCount: [],
    };
    const leafStart: number[] = [0];
    const leafEnd: number[] = [rows.length];
    const leafDepth: number[] = [0];
    const leafParent: number[] = [-1];
    const leafIsLeft: boolean[] = [false];
    const W = data.stride / 4;
    const { leafWords, dataWords, leafGrad, leafHess } = this;
    const rootSums: Sums = { g: 0, h: 0, n: rows.length };
    let identity = rows.length === data.rows;
    for (let i = 0; identity && i < rows.length; i++) identity = rows[i] === i;
    if (identity) {
      // All rows in order (no bagging): plain copies, no gather.
      leafWords.set(dataWords);
      leafGrad.set(grad);
      if (constantHessian === undefined) leafHess.set(hess);
    } else {
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        for (let k = 0; k < W; k++) leafWords[i * W + k] = dataWords[r * W + k]!;
        leafGrad[i] = grad[r]!;
        if (constantHessian === undefined) leafHess[i] = hess[r]!;
      }
    }
    for (let i = 0; i < rows.length; i++) {
      rootSums.g += leafGrad[i]!;
      rootSums.h += constantHessian ?? leafHess[i]!;
    }
    const rootHist = this.take(totalBins);
    this.histogram(rootHist, 0, rows.length);
    const leafHist: (Float64Array | null)[] = [rootHist];
    const leafSums: Sums[] = [rootSums];
    const leafBest: (SplitInfo | null)[] = [this.best(rootHist, rootSums, 0, allowed)];
    const leafRaw: number[] = [leafOutput(rootSums.g, rootSums.h, limits.lambdaL2)];
    if (leafBest[0] === null) {
      this.release(rootHist);
      return null;
    }
    while (leafSums.length < limits.numLeaves) {
      let pick = -1;
      for (let l = 0; l < leafSums.length; l++) {
        const b = leafBest[l];
        if (b && (pick < 0 || b.gain > leafBest[pick]!.gain)) pick = l;
      }
      if (pick < 0) break;
      const split = leafBest[pick]!;
      const node = tree.feature.length;
      const newLeaf = leafSums.length;
      tree.feature.push(split.feature);
      tree.thresholdBin.push(split.thresholdBin);
      tree.missingLeft.push(split.missingLeft);
      tree.leftBins.push(split.leftBins);
      tree.left.push(~pick);
      tree.right.push(~newLeaf);
      tree.gain.push(split.gain);
      const parent = leafParent[pick]!;
      if (parent >= 0) {
        if (leafIsLeft[pick]) tree.left[parent] = node;
        else tree.right[parent] = node;
      }
      const mid = this.partition(rows, leafStart[pick]!, leafEnd[pick]!, split);
      const depth = leafDepth[pick]! + 1;
      leafStart.push(mid);
      leafEnd.push(leafEnd[pick]!);
      leafEnd[pick] = mid;
      leafDepth[pick] = depth;
      leafDepth.push(depth);
      leafParent[pick] = node;
      leafParent.push(node);
      leafIsLeft[pick] = true;
      leafIsLeft.push(false);
      leafSums[pick] = split.left;
      leafSums.push(split.right);
      leafRaw[pick] = split.leftOutput;
      leafRaw.push(split.rightOutput);
      // Build the smaller child from its rows; the larger one is parent minus smaller.
      const parentHist = leafHist[pick]!;
      const smallIsLeft = split.left.n <= split.right.n;
      const small = smallIsLeft ? pick : newLeaf;
      const smallHist = this.take(totalBins);
      this.histogram(smallHist, leafStart[small]!, leafEnd[small]!);
      subtractHistogram(parentHist, smallHist);
      leafHist[pick] = smallIsLeft ? smallHist : parentHist;
      leafHist.push(smallIsLeft ? parentHist : smallHist);
      leafBest[pick] = this.best(leafHist[pick]!, leafSums[pick]!, depth, allowed);
      leafBest.push(this.best(leafHist[newLeaf]!, leafSums[newLeaf]!, depth, allowed));
    }
    for (const hist of leafHist) if (hist) this.release(hist);
    for (let l = 0; l < leafSums.length; l++) {
      tree.leafValue.push(leafRaw[l]! * learningRate);
      tree.leafCount.push(leafSums[l]!.n);
    }
    return { tree, leaves: { rows, leafStart, leafEnd } };
  }

  private histogram(hist: Float64Array, start: number, end: number): void {
    if (this.constantHessian === undefined) buildHistogram(hist, this.leaf, this.offsets, start, end, this.leafGrad, this.leafHess);
    else buildHistogramConstantHessian(hist, this.pairs, this.leaf, this.offsets, start, end, this.leafGrad, this.constantHessian);
  }

  private best(hist: Float64Array, sums: Sums, depth: number, allowed: Uint8Array): SplitInfo | null {
    const { limits } = this;
    if (limits.maxDepth > 0 && depth >= limits.maxDepth) return null;
    if (sums.n < 2 * limits.minDataInLeaf) return null;
    return findBestSplit(hist, this.offsets, this.mappers, sums, limits, allowed);
  }

  /**
   * Partitions positions start..end by the split, in place, and returns the first right
   * position. Misplaced rows swap pairwise (rows, codes, gradients and hessians together):
   * nothing else moves and the result depends on nothing but the data. Splits are close to
   * coin flips row by row, so a plain two-pointer scan mispredicts a branch on about every
   * other row; the scan therefore works in blocks (as in BlockQuicksort, Edelkamp and Weiss
   * 2016): it records the misplaced offsets of a block on each side without branching, then
   * swaps them, and finishes the last few blocks with the plain scan.
   */
  private partition(rows: Uint32Array, start: number, end: number, split: SplitInfo): number {
    const stride = this.data.stride;
    const codes = this.leaf.codes;
    const f = split.feature;
    const mapper = this.mappers[f]!;
    const goLeft = this.goLeft.fill(0);
    if (split.leftBins) for (const b of split.leftBins) goLeft[b] = 1;
    else {
      for (let b = 0; b <= split.thresholdBin; b++) goLeft[b] = 1;
      goLeft[mapper.missingBin] = split.missingLeft ? 1 : 0;
    }
    const { offLeft, offRight } = this;
    let l = start;
    let r = end - 1;
    let numL = 0;
    let numR = 0;
    let firstL = 0;
    let firstR = 0;
    while (r - l + 1 >= 2 * PARTITION_BLOCK) {
      if (numL === 0) {
        firstL = 0;
        for (let k = 0, at = l * stride + f; k < PARTITION_BLOCK; k++, at += stride) {
          offLeft[numL] = k;
          numL += 1 - goLeft[codes[at]!]!;
        }
      }
      if (numR === 0) {
        firstR = 0;
        for (let k = 0, at = r * stride + f; k < PARTITION_BLOCK; k++, at -= stride) {
          offRight[numR] = k;
          numR += goLeft[codes[at]!]!;
        }
      }
      const num = Math.min(numL, numR);
      for (let k = 0; k < num; k++) this.swap(rows, l + offLeft[firstL + k]!, r - offRight[firstR + k]!);
      numL -= num;
      numR -= num;
      firstL += num;
      firstR += num;
      if (numL === 0) l += PARTITION_BLOCK;
      if (numR === 0) r -= PARTITION_BLOCK;
    }
    // The rest, including a block whose misplaced rows were not all swapped, the plain way.
    let i = l;
    let j = r;
    for (;;) {
      while (i <= j && goLeft[codes[i * stride + f]!] === 1) i++;
      while (i < j && goLeft[codes[j * stride + f]!] === 0) j--;
      if (i >= j) break;
      this.swap(rows, i, j);
      i++;
      j--;
    }
    return i;
  }

  /** Swaps positions i and j: row id, codes, gradient and (when read) hessian. */
  private swap(rows: Uint32Array, i: number, j: number): void {
    const { leafWords, leafGrad, leafHess } = this;
    const row = rows[i]!;
    rows[i] = rows[j]!;
    rows[j] = row;
    const g = leafGrad[i]!;
    leafGrad[i] = leafGrad[j]!;
    leafGrad[j] = g;
    if (this.constantHessian === undefined) {
      const h = leafHess[i]!;
      leafHess[i] = leafHess[j]!;
      leafHess[j] = h;
    }
    const W = this.words;
    for (let a = i * W, b = j * W, k = 0; k < W; k++, a++, b++) {
      const w = leafWords[a]!;
      leafWords[a] = leafWords[b]!;
      leafWords[b] = w;
    }
  }

  private take(totalBins: number): Float64Array {
    return this.pool.pop() ?? newHistogram(totalBins);
  }

  private release(hist: Float64Array): void {
    this.pool.push(hist);
  }
}

/** Leaf reached by one binned row. */
export function leafOfBinnedRow(tree: TrainTree, codes: Uint8Array, base: number, mappers: readonly BinMapper[]): number {
  if (tree.feature.length === 0) return 0;
  let node = 0;
  for (;;) {
    const f = tree.feature[node]!;
    const bin = codes[base + f]!;
    const set = tree.leftBins[node];
    const goLeft = set
      ? set.includes(bin)
      : bin === mappers[f]!.missingBin
        ? tree.missingLeft[node]!
        : bin <= tree.thresholdBin[node]!;
    const next = goLeft ? tree.left[node]! : tree.right[node]!;
    if (next < 0) return ~next;
    node = next;
  }
}
