import { HIST_STRIDE, maxBlockCount } from './histogram.ts';
import { SHARE_STATE } from './partition.ts';

// The memory of one training, in SharedArrayBuffers so that training workers (parallel/)
// read and write it in place: the binned rows, labels, scores and gradients in row order,
// and the rows of the tree being grown in leaf order. The main thread allocates it; a worker
// attaches views to the same buffers.

/** Sizes of a training's buffers; plain numbers, so it travels to workers as is. */
export interface TrainLayout {
  readonly rows: number;
  readonly numFeatures: number;
  /** Bytes per binned row, a multiple of 4 (binning.ts). */
  readonly stride: number;
  readonly totalBins: number;
  /** Whether rows have their own hessians (false when the loss's hessian is constant). */
  readonly hessians: boolean;
  readonly maxLeaves: number;
}

/**
 * Rows in leaf order: leaf data is moved along with the row ids when a leaf is partitioned,
 * so each leaf's codes, gradients and hessians are contiguous and histograms read them
 * sequentially (a gather through row ids misses the cache on almost every row).
 */
export interface LeafBuffer {
  readonly codes: Uint8Array;
  /** The same codes as 32-bit words: a row moves as stride / 4 words. */
  readonly words: Uint32Array;
  readonly grad: Float64Array;
  /** Empty when the hessian is constant. */
  readonly hess: Float64Array;
  readonly rows: Uint32Array;
}

/** The rows of the tree being grown, in leaf order (partitions work in place). */
export const TREE_ORDER = 0;

/** The rows in row order: binned codes, ids 0..n-1, and gradients when a bag is gathered from them. */
export const ROW_ORDER = 1;

export interface TrainBuffers {
  readonly layout: TrainLayout;
  /** First global bin of each feature, and the total last. */
  readonly offsets: Uint32Array;
  readonly label: Float64Array;
  readonly score: Float64Array;
  /** Leaf of each row in the last tree; its value is added to the score before the next gradients. */
  readonly leafOf: Uint32Array;
  readonly leafValue: Float64Array;
  /** Rows of a bagged tree, in the order its root lists them. */
  readonly bag: Uint32Array;
  readonly leaves: readonly [LeafBuffer, LeafBuffer];
  /** Partial histograms, one per block of the range being built ([g, n] pairs when the hessian is constant). */
  readonly partials: Float64Array;
  readonly partialLength: number;
  /** A histogram summed from the partials by several threads (HIST_STRIDE per bin). */
  readonly summed: Float64Array;
  /** A split's routing table: goLeft[bin] is 1 for the bins of the split feature that go left. */
  readonly goLeft: Uint8Array;
  /** Leaf table of the last tree (start, end per leaf), for the leaf-index step. */
  readonly leafTable: Int32Array;
  /**
   * Work claimed so far in the step in progress: [0] and [1] rows of each side of a
   * partition (partition.ts), [2] units (blocks of rows) of the other steps.
   */
  readonly claimed: Int32Array;
  /** Leftover rows of each share of the partition in progress, SHARE_STATE int32s per share. */
  readonly shares: Int32Array;
}

/** The SharedArrayBuffers behind a TrainBuffers, by name. */
export type SharedMemory = Readonly<Record<string, SharedArrayBuffer>>;

/** Allocates a training's shared memory. */
export function allocateTrainMemory(layout: TrainLayout): SharedMemory {
  const { rows, stride, totalBins, hessians, maxLeaves } = layout;
  const f64 = (n: number) => new SharedArrayBuffer(n * 8);
  const hessRows = hessians ? rows : 0;
  const partialLength = totalBins * (hessians ? HIST_STRIDE : 2);
  return {
    offsets: new SharedArrayBuffer((layout.numFeatures + 1) * 4),
    label: f64(rows),
    score: f64(rows),
    leafOf: new SharedArrayBuffer(rows * 4),
    leafValue: f64(maxLeaves),
    bag: new SharedArrayBuffer(rows * 4),
    codes0: new SharedArrayBuffer(rows * stride),
    codes1: new SharedArrayBuffer(rows * stride),
    grad0: f64(rows),
    grad1: f64(rows),
    hess0: f64(hessRows),
    hess1: f64(hessRows),
    rows0: new SharedArrayBuffer(rows * 4),
    rows1: new SharedArrayBuffer(rows * 4),
    partials: f64(maxBlockCount(layout.rows) * partialLength),
    summed: f64(totalBins * HIST_STRIDE),
    goLeft: new SharedArrayBuffer(256),
    leafTable: new SharedArrayBuffer(maxLeaves * 2 * 4),
    claimed: new SharedArrayBuffer(3 * 4),
    shares: new SharedArrayBuffer(2 * SHARE_STATE * 4),
  };
}

/** Views of a training's shared memory (the same on every thread). */
export function attachTrainBuffers(layout: TrainLayout, memory: SharedMemory): TrainBuffers {
  const get = (name: string) => {
    const sab = memory[name];
    if (!sab) throw new Error(`training memory has no ${name}`);
    return sab;
  };
  const leaf = (k: number): LeafBuffer => ({
    codes: new Uint8Array(get(`codes${k}`)),
    words: new Uint32Array(get(`codes${k}`)),
    grad: new Float64Array(get(`grad${k}`)),
    hess: new Float64Array(get(`hess${k}`)),
    rows: new Uint32Array(get(`rows${k}`)),
  });
  return {
    layout,
    offsets: new Uint32Array(get('offsets')),
    label: new Float64Array(get('label')),
    score: new Float64Array(get('score')),
    leafOf: new Uint32Array(get('leafOf')),
    leafValue: new Float64Array(get('leafValue')),
    bag: new Uint32Array(get('bag')),
    leaves: [leaf(TREE_ORDER), leaf(ROW_ORDER)],
    partials: new Float64Array(get('partials')),
    partialLength: layout.totalBins * (layout.hessians ? HIST_STRIDE : 2),
    summed: new Float64Array(get('summed')),
    goLeft: new Uint8Array(get('goLeft')),
    leafTable: new Int32Array(get('leafTable')),
    claimed: new Int32Array(get('claimed')),
    shares: new Int32Array(get('shares')),
  };
}
