import { applyBins, applyFeatureBins, type BinMapper, binOffsets, binSample, categoricalColumn, fitBins, fitCategoricalBins, numericColumn, rowStride } from './binning.ts';
import { PARALLEL_PARTITION_ROWS, PARALLEL_SUM_BLOCKS, ROWS_PER_TRAIN_THREAD } from './constants.ts';
import { blockCount, sumBlocks } from './histogram.ts';
import type { Loss } from './loss/loss.ts';
import { lossFor } from './loss/loss-for.ts';
import type { Dataset } from '../dataset.ts';
import type { Objective } from './model.ts';
import { finishPartition, SHARE_STATE } from './partition.ts';
import { trainWorkerCode } from '../parallel/worker-code.ts';
import { WorkerPool } from '../parallel/worker-pool.ts';
import type { SplitInfo } from './split.ts';
import { allocateTrainMemory, attachTrainBuffers, EDGES_PER_COLUMN, ROW_ORDER, type SharedMemory, type TrainBuffers, type TrainLayout, TREE_ORDER } from './train-buffers.ts';
import { runStep, Step } from './train-steps.ts';

/** What a training worker is started with (parallel/train-worker.ts). */
export interface TrainWorkerData {
  readonly layout: TrainLayout;
  readonly memory: SharedMemory;
  readonly objective: Objective;
}

/** Where the leaves of a grown tree are: leaf l is positions start..end of the tree buffer. */
export type LeafRanges = readonly { readonly start: number; readonly end: number }[];

/** Threads worth using for `rows` rows when `requested` are allowed (at least ROWS_PER_TRAIN_THREAD rows each). */
export function threadsFor(rows: number, requested: number): number {
  return Math.max(1, Math.min(Math.floor(requested), Math.floor(rows / ROWS_PER_TRAIN_THREAD)));
}

/**
 * The data-parallel steps of a training (train-steps.ts): gradients, histograms and their
 * sums, partitions, leaf indices. The main thread takes part in every step and the workers
 * (threads - 1 of them, started here, stopped by close()) join it on shared memory. Results
 * do not depend on the number of threads: histograms are summed block by block in block
 * order, and a partition swaps the same pairs of rows whichever thread swaps them. With one
 * thread there are no workers and every step runs on the calling thread.
 */
export class TrainEngine {
  readonly buffers: TrainBuffers;
  private readonly loss: Loss;
  private readonly constantHessian: number | undefined;
  private readonly pool: WorkerPool | null;
  private readonly args: Int32Array;
  /** Whether the partials hold the root histogram of all rows (gradients(true) builds them). */
  private rootBuilt = false;

  constructor(
    shape: { rows: number; numFeatures: number; numericFeatures: number },
    maxBin: number,
    objective: Objective,
    maxLeaves: number,
    readonly threads: number,
  ) {
    this.loss = lossFor(objective);
    this.constantHessian = this.loss.constantHessian;
    const layout: TrainLayout = {
      rows: shape.rows,
      numFeatures: shape.numFeatures,
      stride: rowStride(shape.numFeatures),
      // A feature has at most maxBin value bins and the missing bin.
      maxBins: shape.numFeatures * (maxBin + 1),
      sharedColumns: threads > 1 ? shape.numericFeatures : 0,
      hessians: this.constantHessian === undefined,
      maxLeaves,
    };
    const memory = allocateTrainMemory(layout);
    this.buffers = attachTrainBuffers(layout, memory);
    const ids = this.buffers.leaves[ROW_ORDER].rows;
    for (let i = 0; i < ids.length; i++) ids[i] = i;
    const data: TrainWorkerData = { layout, memory, objective };
    this.pool = threads > 1 ? new WorkerPool(threads - 1, trainWorkerCode(), { ...data }) : null;
    this.args = this.pool ? this.pool.args : new Int32Array(16);
  }

  /**
   * Fits every feature's bins (binning.ts) and bins the rows into the row-order buffer. On
   * several threads the numeric columns are copied into shared memory and their edges and
   * codes shared out among the threads, while this one does the categorical columns (their
   * strings cannot be shared); the mappers are the same as fitBins'.
   */
  bin(data: Dataset, maxBin: number, seed: number, label?: Float64Array): BinMapper[] {
    const { layout, columns, columnFeature, binSample: sampleRows, edges, edgeCounts } = this.buffers;
    const codes = this.buffers.leaves[ROW_ORDER].codes;
    if (layout.sharedColumns === 0) {
      const mappers = fitBins(data, maxBin, seed, label);
      applyBins(data, mappers, codes);
      return this.useBins(mappers);
    }
    const numeric = data.features.flatMap((f, j) => (f.kind === 'numeric' ? [j] : []));
    const categorical = data.features.flatMap((f, j) => (f.kind === 'categorical' ? [j] : []));
    numeric.forEach((j, u) => {
      columns.set(numericColumn(data, j), u * layout.rows);
      columnFeature[u] = j;
    });
    const sample = binSample(layout.rows, seed);
    if (sample) sampleRows.set(sample);
    const mappers: BinMapper[] = [];
    this.run(Step.fitColumns, this.threads, [sample?.length ?? 0, maxBin], () => {
      for (const j of categorical) mappers[j] = fitCategoricalBins(categoricalColumn(data, j), maxBin, label);
    });
    numeric.forEach((j, u) => {
      const count = edgeCounts[u]!;
      const upper = edges.slice(u * EDGES_PER_COLUMN, u * EDGES_PER_COLUMN + count);
      mappers[j] = { kind: 'numeric', upper, missingBin: count, numBins: count + 1 };
    });
    this.run(Step.binColumns, this.threads, [], () => {
      for (const j of categorical) applyFeatureBins(data, j, mappers[j]!, codes, layout.stride);
    });
    return this.useBins(mappers);
  }

  private useBins(mappers: BinMapper[]): BinMapper[] {
    this.buffers.offsets.set(binOffsets(mappers));
    return mappers;
  }

  /**
   * Adds the last tree's leaf values to the scores and computes every row's gradients. For a
   * tree on all rows (unbagged) they go straight into the tree buffer, with the rows' codes,
   * and unless the caller has the root histogram (grow.ts), its blocks are built on the way
   * (one pass over the rows, not two).
   */
  gradients(unbagged: boolean, buildRoot = unbagged): void {
    this.run(Step.gradients, this.threads, [unbagged ? (buildRoot ? 2 : 1) : 0]);
    this.rootBuilt = unbagged && buildRoot;
  }

  /**
   * Sets every row's gradients and hessians directly, and puts all rows in the tree buffer
   * (tests of tree growth, in place of gradients(true)).
   */
  setGradients(grad: Float64Array, hess: Float64Array): void {
    this.rootBuilt = false;
    const tree = this.buffers.leaves[TREE_ORDER];
    const rows = this.buffers.leaves[ROW_ORDER];
    for (const leaf of [tree, rows]) {
      leaf.grad.set(grad);
      if (leaf.hess.length > 0) leaf.hess.set(hess);
    }
    tree.words.set(rows.words);
    tree.rows.set(rows.rows);
  }

  /**
   * Builds the root histogram of a tree over the rows of `bag`, gathered into the tree
   * buffer, or over all rows (already there since gradients(true)) when bag is null.
   */
  root(bag: Uint32Array | null, hist: Float64Array): void {
    const rows = this.buffers.layout.rows;
    if (bag === null && this.rootBuilt) {
      this.rootBuilt = false;
      this.sum(hist, blockCount(rows));
      return;
    }
    this.rootBuilt = false;
    if (bag === null) {
      this.histogram(hist, 0, rows);
      return;
    }
    this.buffers.bag.set(bag);
    const blocks = blockCount(bag.length);
    this.run(Step.gatherHistogram, Math.min(this.threads, blocks), [bag.length]);
    this.sum(hist, blocks);
  }

  /** Histogram of positions start..end of the tree buffer, into hist. */
  histogram(hist: Float64Array, start: number, end: number): void {
    const blocks = blockCount(end - start);
    this.run(Step.histogram, Math.min(this.threads, blocks), [start, end]);
    this.sum(hist, blocks);
  }

  /**
   * Sums the partials of `blocks` blocks into hist: by all threads, slice of bins by slice,
   * when there are enough blocks (the partials are written by several threads: reading them
   * all on the main thread was a tenth of a two-thread training's time).
   */
  private sum(hist: Float64Array, blocks: number): void {
    const { partials, partialLength, summed } = this.buffers;
    if (this.threads === 1 || blocks < PARALLEL_SUM_BLOCKS) {
      sumBlocks(hist, partials, partialLength, blocks, this.constantHessian);
      return;
    }
    this.run(Step.sum, this.threads, [blocks]);
    hist.set(summed.subarray(0, hist.length));
  }

  /**
   * Partitions positions start..end of the tree buffer by the split, in place: its left rows
   * (split.left.n of them) first. Large ranges are shared by two threads (partition.ts); a
   * third would find no pairs to take without counting them first.
   */
  partition(start: number, end: number, split: SplitInfo, missingBin: number): void {
    const goLeft = this.buffers.goLeft.fill(0);
    if (split.leftBins) for (const b of split.leftBins) goLeft[b] = 1;
    else {
      goLeft.fill(1, 0, split.thresholdBin + 1);
      goLeft[missingBin] = split.missingLeft ? 1 : 0;
    }
    const { shares, leaves, layout } = this.buffers;
    const parts = end - start >= PARALLEL_PARTITION_ROWS ? Math.min(this.threads, 2) : 1;
    this.run(Step.partition, parts, [start, end, start + split.left.n, split.feature]);
    if (parts === 2) finishPartition(leaves[TREE_ORDER], layout.stride, shares.subarray(0, SHARE_STATE), shares.subarray(SHARE_STATE));
    else if (shares[1] !== 0) throw new Error(`partition: the split sends ${split.left.n} rows left, routing does not`);
  }

  /**
   * Records the leaf of every row of the tree just grown, whose leaves hold `size` rows, and
   * the leaves' values: the next gradients() adds them to the scores.
   */
  assignLeaves(leaves: LeafRanges, values: readonly number[], size: number): void {
    const { leafTable, leafValue } = this.buffers;
    for (let l = 0; l < values.length; l++) {
      leafTable[2 * l] = leaves[l]!.start;
      leafTable[2 * l + 1] = leaves[l]!.end;
      leafValue[l] = values[l]!;
    }
    this.run(Step.leafIndex, this.threads, [values.length, size]);
  }

  /** Row ids of positions start..end of the tree buffer. */
  rowsOf(start: number, end: number): Uint32Array {
    return this.buffers.leaves[TREE_ORDER].rows.subarray(start, end);
  }

  /** Stops the workers (see WorkerPool.close); the engine cannot run steps afterwards. */
  close(): Promise<void> {
    return this.pool ? this.pool.close() : Promise.resolve();
  }

  /**
   * Runs a step with `parts` threads taking part: this one and, beyond one part, the
   * workers. `here`, when given, is this thread's own work, done before its part.
   */
  private run(step: number, parts: number, values: readonly number[], here?: () => void): void {
    const args = this.args;
    this.buffers.claimed.fill(0);
    args[0] = step;
    args[1] = parts;
    for (let i = 0; i < values.length; i++) args[2 + i] = values[i]!;
    if (parts <= 1 || !this.pool) {
      args[1] = 1;
      here?.();
      runStep(this.buffers, this.loss, args, 0);
      return;
    }
    this.pool.begin();
    let failure: unknown = null;
    try {
      here?.();
      runStep(this.buffers, this.loss, args, 0);
    } catch (error) {
      failure = error;
    }
    this.pool.finish();
    if (failure !== null) throw failure;
  }
}
