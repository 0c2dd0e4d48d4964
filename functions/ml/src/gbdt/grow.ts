import { type BinMapper, binOffsets } from './binning.ts';
import { HIST_STRIDE, newHistogram, subtractHistogram } from './histogram.ts';
import { findBestSplit, leafOutput, type SplitInfo, type SplitLimits, type Sums } from './split.ts';
import type { LeafRanges, TrainEngine } from './train-engine.ts';

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

/** A leaf of the tree being grown: where its rows are, where it hangs, and how it would split. */
interface GrowingLeaf {
  /** Its rows: positions start..end of the engine's tree buffer. */
  start: number;
  end: number;
  depth: number;
  /** The node it is the left (isLeft) or right child of; -1 for the root. */
  parent: number;
  isLeft: boolean;
  sums: Sums;
  /** Newton output, before the learning rate. */
  raw: number;
  /** Its histogram, while it may be split or will make the next root. */
  hist: Float64Array | null;
  best: SplitInfo | null;
}

/** Limits of leaf-wise growth. */
export interface GrowLimits extends SplitLimits {
  readonly numLeaves: number;
  /** Maximum depth of a leaf (root = 0 splits); <= 0 means unlimited. */
  readonly maxDepth: number;
}

/**
 * Grows trees leaf-wise (best-first): at each step the leaf whose best split gains most is
 * split, until numLeaves leaves exist or no leaf can split. The row work (histograms and
 * partitions) is the engine's, on one thread or several; histogram buffers are reused
 * across trees.
 */
export class TreeGrower {
  private readonly offsets: Uint32Array;
  private readonly pool: Float64Array[] = [];
  /** The next tree's root histogram, when the last tree was grown on all rows with residual gradients. */
  private nextRoot: Float64Array | null = null;

  /**
   * With `residual` (the loss's gradient is score - label), a tree on all rows leaves the
   * root histogram of the next one: each leaf's rows see their gradients grow by the leaf's
   * value, so next root = sum over leaves of (leaf histogram, with g + value * n). That is
   * a pass over leaves times bins instead of over all rows: the histogram of all rows was a
   * fifth of a training's time on 1M rows.
   */
  constructor(
    private readonly engine: TrainEngine,
    private readonly mappers: readonly BinMapper[],
    private readonly limits: GrowLimits,
    private readonly residual = false,
  ) {
    this.offsets = binOffsets(mappers);
  }

  /** Whether the next tree on these rows has its root histogram already (the engine need not build it). */
  carriesRoot(bag: Uint32Array | null): boolean {
    return bag === null && this.nextRoot !== null;
  }

  /**
   * Grows one tree on the rows listed in `bag` (all rows when null; then the engine's
   * gradients(true) has put them in its tree buffer) from the gradients in the engine, with
   * the features whose `allowed` flag is 1. Leaf values are the Newton outputs times the
   * learning rate. Returns null when the root cannot be split.
   */
  grow(bag: Uint32Array | null, allowed: Uint8Array, learningRate: number): { tree: TrainTree; leaves: LeafRanges } | null {
    const { engine, limits, mappers, offsets } = this;
    const totalBins = offsets[mappers.length]!;
    const tree: TrainTree = { feature: [], thresholdBin: [], missingLeft: [], leftBins: [], left: [], right: [], gain: [], leafValue: [], leafCount: [] };
    const carried = this.carriesRoot(bag) ? this.nextRoot : null;
    if (this.nextRoot && !carried) this.release(this.nextRoot);
    this.nextRoot = null;
    const rootHist = carried ?? this.take(totalBins);
    if (!carried) engine.root(bag, rootHist);
    // Every leaf's histogram is kept when the next root is made of them.
    const keepLeaves = this.residual && bag === null;
    const sums = totalOf(rootHist, offsets);
    const end = bag ? bag.length : engine.buffers.layout.rows;
    const raw = leafOutput(sums.g, sums.h, limits.lambdaL2);
    const root: GrowingLeaf = { start: 0, end, depth: 0, parent: -1, isLeft: false, sums, raw, hist: rootHist, best: this.best(rootHist, sums, 0, allowed) };
    if (root.best === null) {
      this.release(rootHist);
      return null;
    }
    const leaves = [root];
    while (leaves.length < limits.numLeaves) {
      let pick = -1;
      for (let l = 0; l < leaves.length; l++) {
        const b = leaves[l]!.best;
        if (b && (pick < 0 || b.gain > leaves[pick]!.best!.gain)) pick = l;
      }
      if (pick < 0) break;
      const leaf = leaves[pick]!;
      const split = leaf.best!;
      const node = tree.feature.length;
      tree.feature.push(split.feature);
      tree.thresholdBin.push(split.thresholdBin);
      tree.missingLeft.push(split.missingLeft);
      tree.leftBins.push(split.leftBins);
      tree.left.push(~pick);
      tree.right.push(~leaves.length);
      tree.gain.push(split.gain);
      if (leaf.parent >= 0) {
        if (leaf.isLeft) tree.left[leaf.parent] = node;
        else tree.right[leaf.parent] = node;
      }
      const mid = leaf.start + split.left.n;
      engine.partition(leaf.start, leaf.end, split, mappers[split.feature]!.missingBin);
      const depth = leaf.depth + 1;
      const parentHist = leaf.hist!;
      const right: GrowingLeaf = { start: mid, end: leaf.end, depth, parent: node, isLeft: false, sums: split.right, raw: split.rightOutput, hist: null, best: null };
      Object.assign(leaf, { end: mid, depth, parent: node, isLeft: true, sums: split.left, raw: split.leftOutput, hist: null, best: null });
      leaves.push(right);
      const lastSplit = leaves.length === limits.numLeaves || !(this.splittable(split.left, depth) || this.splittable(split.right, depth));
      if (lastSplit && !keepLeaves) {
        // Neither child will be split: their histograms would never be read.
        this.release(parentHist);
        continue;
      }
      // Build the smaller child from its rows; the larger one is parent minus smaller.
      const [small, large] = split.left.n <= split.right.n ? [leaf, right] : [right, leaf];
      small.hist = this.take(totalBins);
      engine.histogram(small.hist, small.start, small.end);
      subtractHistogram(parentHist, small.hist);
      large.hist = parentHist;
      // After the last split (its histograms kept for the next root) no leaf is split again.
      if (!lastSplit) for (const child of [leaf, right]) child.best = this.best(child.hist!, child.sums, depth, allowed);
    }
    for (const leaf of leaves) {
      tree.leafValue.push(leaf.raw * learningRate);
      tree.leafCount.push(leaf.sums.n);
    }
    if (keepLeaves) this.nextRoot = shiftedSum(this.take(totalBins), leaves.map((l) => l.hist!), tree.leafValue);
    for (const leaf of leaves) if (leaf.hist) this.release(leaf.hist);
    // Only the rows' ranges leave: the histograms went back to the pool above.
    return { tree, leaves: leaves.map(({ start, end }) => ({ start, end })) };
  }

  /** Whether a leaf may be split at all (depth and size limits), before looking at its histogram. */
  private splittable(sums: Sums, depth: number): boolean {
    const { limits } = this;
    return !(limits.maxDepth > 0 && depth >= limits.maxDepth) && sums.n >= 2 * limits.minDataInLeaf;
  }

  private best(hist: Float64Array, sums: Sums, depth: number, allowed: Uint8Array): SplitInfo | null {
    if (!this.splittable(sums, depth)) return null;
    return findBestSplit(hist, this.offsets, this.mappers, sums, this.limits, allowed);
  }

  private take(totalBins: number): Float64Array {
    return this.pool.pop() ?? newHistogram(totalBins);
  }

  private release(hist: Float64Array): void {
    this.pool.push(hist);
  }
}

/** out = sum over leaves l of hists[l] with every bin's g raised by values[l] * n, in leaf order. */
function shiftedSum(out: Float64Array, hists: readonly Float64Array[], values: readonly number[]): Float64Array {
  out.fill(0);
  for (let l = 0; l < hists.length; l++) {
    const hist = hists[l]!;
    const v = values[l]!;
    for (let o = 0; o < out.length; o += HIST_STRIDE) {
      out[o]! += hist[o]! + v * hist[o + 2]!;
      out[o + 1]! += hist[o + 1]!;
      out[o + 2]! += hist[o + 2]!;
    }
  }
  return out;
}

/** Sums of gradient, hessian and rows of a whole histogram: those of its first feature's bins. */
function totalOf(hist: Float64Array, offsets: Uint32Array): Sums {
  const sums: Sums = { g: 0, h: 0, n: 0 };
  for (let o = offsets[0]! * HIST_STRIDE; o < offsets[1]! * HIST_STRIDE; o += HIST_STRIDE) {
    sums.g += hist[o]!;
    sums.h += hist[o + 1]!;
    sums.n += hist[o + 2]!;
  }
  return sums;
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
