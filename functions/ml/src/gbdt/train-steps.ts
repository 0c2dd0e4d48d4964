import { binColumn, fitNumericBins } from './binning.ts';
import { STEP_UNIT_ROWS } from './constants.ts';
import { blockCount, blockRows, buildGradientCounts, buildHistogram, sumBlocks } from './histogram.ts';
import type { Loss } from './loss/loss.ts';
import { partitionShare, SHARE_STATE } from './partition.ts';
import { EDGES_PER_COLUMN, type LeafBuffer, ROW_ORDER, type TrainBuffers, TREE_ORDER } from './train-buffers.ts';

// The steps of training that run on several threads at once. Thread t runs part t of a step
// on the shared buffers, the main thread part 0 (train-engine.ts). The work is cut into units
// (histogram blocks, STEP_UNIT_ROWS rows elsewhere) that the parts claim one after another
// from a shared counter, so a thread the machine holds back leaves its units to the others;
// histograms do not depend on who built which block (sumBlocks adds them in block order).
// Arguments travel as int32s: args[0] is the step, args[1] the number of parts.

/** Step codes, as written in args[0]. */
export const Step = {
  /**
   * Adds the last tree's leaf values to the scores, then computes gradients; with args[2]
   * >= 1 straight into the tree buffer, with the codes and ids, and with 2 builds the
   * partial histograms of this root of all rows on the way.
   */
  gradients: 1,
  /** Partial histograms of the blocks of positions args[2]..args[3] of the tree buffer. */
  histogram: 2,
  /** Gathers the args[2] rows of the bag into the tree buffer and builds their partial histograms. */
  gatherHistogram: 3,
  /** Partitions a range in place, in one or two shares: start, end, mid, feature (goLeft holds the split). */
  partition: 4,
  /** leafOf of every row of the tree from the leaf table: leaves, rows. */
  leafIndex: 5,
  /** Sums the partial histograms of args[2] blocks into `summed`, slice of bins by slice. */
  sum: 6,
  /** Fits the bin edges of the shared columns: sample size (0: all rows), maxBin. */
  fitColumns: 7,
  /** Bins the rows of the shared columns into the row-order codes with the fitted edges. */
  binColumns: 8,
} as const;

/** Rows per chunk of the gradient step: scores and labels are still in L1 when the loss reads them. */
const GRADIENT_CHUNK = 2048;

/** Bins per unit of the sum step. */
const SUM_SLICE_BINS = 256;

/** Index of claimed[] that counts the units of a step. */
const UNITS = 2;

/** The next unclaimed unit of the step, or -1 when all `units` are claimed. */
function nextUnit(b: TrainBuffers, units: number): number {
  const k = Atomics.add(b.claimed, UNITS, 1);
  return k < units ? k : -1;
}

/** Runs part `part` of the step described by args. */
export function runStep(b: TrainBuffers, loss: Loss, args: Int32Array, part: number): void {
  const parts = args[1]!;
  if (part >= parts) return;
  switch (args[0]) {
    case Step.gradients:
      return gradientsPart(b, loss, args[2]! >= 1, args[2] === 2);
    case Step.histogram:
      return histogramPart(b, args[2]!, args[3]!);
    case Step.gatherHistogram:
      return gatherHistogramPart(b, args[2]!);
    case Step.partition:
      return partitionPart(b, args, part);
    case Step.leafIndex:
      return leafIndexPart(b, args[2]!, args[3]!);
    case Step.sum:
      return sumPart(b, loss, args[2]!);
    case Step.fitColumns:
      return fitColumnsPart(b, args[2]!, args[3]!);
    case Step.binColumns:
      return binColumnsPart(b);
    default:
      throw new Error(`unknown training step ${args[0]}`);
  }
}

function gradientsPart(b: TrainBuffers, loss: Loss, toTree: boolean, buildRoot: boolean): void {
  const n = b.layout.rows;
  const { score, label, leafOf, leafValue } = b;
  const rowOrder = b.leaves[ROW_ORDER];
  const tree = b.leaves[TREE_ORDER];
  const { grad, hess } = toTree ? tree : rowOrder;
  // A constant hessian is never read: the loss writes it to scratch.
  const scratch = b.layout.hessians ? null : new Float64Array(GRADIENT_CHUNK);
  const W = b.layout.stride >>> 2;
  // Into the tree buffer, the units are the root histogram's blocks, built while in cache.
  const unitRows = toTree ? blockRows(n) : STEP_UNIT_ROWS;
  const units = Math.ceil(n / unitRows);
  for (let k = nextUnit(b, units); k >= 0; k = nextUnit(b, units)) {
    const from = k * unitRows;
    const to = Math.min(from + unitRows, n);
    for (let c = from; c < to; c += GRADIENT_CHUNK) {
      const e = Math.min(c + GRADIENT_CHUNK, to);
      for (let r = c; r < e; r++) score[r]! += leafValue[leafOf[r]!]!;
      const h = scratch ? scratch.subarray(0, e - c) : hess.subarray(c, e);
      loss.gradients(label.subarray(c, e), score.subarray(c, e), grad.subarray(c, e), h);
    }
    if (toTree) {
      tree.words.set(rowOrder.words.subarray(from * W, to * W), from * W);
      tree.rows.set(rowOrder.rows.subarray(from, to), from);
      if (buildRoot) buildBlock(b, 0, n, k);
    }
  }
}

/** Builds the partial histogram of block k of the tree buffer's range start..end. */
function buildBlock(b: TrainBuffers, start: number, end: number, k: number): void {
  const { layout, offsets, partials, partialLength } = b;
  const leaf: LeafBuffer = b.leaves[TREE_ORDER];
  const size = blockRows(end - start);
  const s = start + k * size;
  const e = Math.min(s + size, end);
  // Partials have room for layout.maxBins bins: only the fitted ones are zeroed and built.
  const used = (partialLength / layout.maxBins) * offsets[layout.numFeatures]!;
  const partial = partials.subarray(k * partialLength, k * partialLength + used);
  const rows = { codes: leaf.codes, stride: layout.stride, numFeatures: layout.numFeatures };
  if (layout.hessians) buildHistogram(partial, rows, offsets, s, e, leaf.grad, leaf.hess);
  else buildGradientCounts(partial, rows, offsets, s, e, leaf.grad);
}

function histogramPart(b: TrainBuffers, start: number, end: number): void {
  const blocks = blockCount(end - start);
  for (let k = nextUnit(b, blocks); k >= 0; k = nextUnit(b, blocks)) buildBlock(b, start, end, k);
}

/** The rows of a bagged root are gathered and histogrammed block by block, while in cache. */
function gatherHistogramPart(b: TrainBuffers, size: number): void {
  const src = b.leaves[ROW_ORDER];
  const dst = b.leaves[TREE_ORDER];
  const W = b.layout.stride >>> 2;
  const hessians = b.layout.hessians;
  const bag = b.bag;
  const blocks = blockCount(size);
  const rowsPerBlock = blockRows(size);
  for (let k = nextUnit(b, blocks); k >= 0; k = nextUnit(b, blocks)) {
    const s = k * rowsPerBlock;
    const e = Math.min(s + rowsPerBlock, size);
    for (let i = s; i < e; i++) {
      const r = bag[i]!;
      dst.rows[i] = r;
      dst.grad[i] = src.grad[r]!;
      if (hessians) dst.hess[i] = src.hess[r]!;
      for (let a = r * W, d = i * W, j = 0; j < W; j++) dst.words[d + j] = src.words[a + j]!;
    }
    buildBlock(b, 0, size, k);
  }
}

/** Part 0 swaps pairs from the ends of the range, part 1 from its middle (partition.ts). */
function partitionPart(b: TrainBuffers, args: Int32Array, part: number): void {
  const [start, end, mid, feature] = [args[2]!, args[3]!, args[4]!, args[5]!];
  const state = b.shares.subarray(part * SHARE_STATE, (part + 1) * SHARE_STATE);
  partitionShare(b.leaves[TREE_ORDER], b.layout.stride, b.goLeft, feature, start, mid, end, part === 1, b.claimed, state);
}

function leafIndexPart(b: TrainBuffers, numLeaves: number, size: number): void {
  const { leafTable, leafOf } = b;
  const rows = b.leaves[TREE_ORDER].rows;
  const units = Math.ceil(size / STEP_UNIT_ROWS);
  for (let k = nextUnit(b, units); k >= 0; k = nextUnit(b, units)) {
    const from = k * STEP_UNIT_ROWS;
    const to = Math.min(from + STEP_UNIT_ROWS, size);
    for (let l = 0; l < numLeaves; l++) {
      const s = Math.max(leafTable[2 * l]!, from);
      const e = Math.min(leafTable[2 * l + 1]!, to);
      for (let i = s; i < e; i++) leafOf[rows[i]!] = l;
    }
  }
}

function sumPart(b: TrainBuffers, loss: Loss, blocks: number): void {
  const totalBins = b.offsets[b.layout.numFeatures]!;
  const slices = Math.ceil(totalBins / SUM_SLICE_BINS);
  for (let k = nextUnit(b, slices); k >= 0; k = nextUnit(b, slices)) {
    const from = k * SUM_SLICE_BINS;
    sumBlocks(b.summed, b.partials, b.partialLength, blocks, loss.constantHessian, from, Math.min(from + SUM_SLICE_BINS, totalBins));
  }
}

function fitColumnsPart(b: TrainBuffers, sampleSize: number, maxBin: number): void {
  const { rows, sharedColumns } = b.layout;
  const sample = sampleSize > 0 ? b.binSample.subarray(0, sampleSize) : null;
  for (let u = nextUnit(b, sharedColumns); u >= 0; u = nextUnit(b, sharedColumns)) {
    const { upper } = fitNumericBins(b.columns.subarray(u * rows, (u + 1) * rows), maxBin, 0, sample);
    b.edges.set(upper, u * EDGES_PER_COLUMN);
    b.edgeCounts[u] = upper.length;
  }
}

function binColumnsPart(b: TrainBuffers): void {
  const { rows, sharedColumns, stride } = b.layout;
  const codes = b.leaves[ROW_ORDER].codes;
  const units = Math.ceil(rows / STEP_UNIT_ROWS);
  for (let k = nextUnit(b, units); k >= 0; k = nextUnit(b, units)) {
    const from = k * STEP_UNIT_ROWS;
    const to = Math.min(from + STEP_UNIT_ROWS, rows);
    for (let u = 0; u < sharedColumns; u++) {
      const count = b.edgeCounts[u]!;
      const bins = { upper: b.edges.subarray(u * EDGES_PER_COLUMN, u * EDGES_PER_COLUMN + count), missingBin: count };
      binColumn(bins, b.columns.subarray(u * rows, (u + 1) * rows), codes, stride, b.columnFeature[u]!, from, to);
    }
  }
}
