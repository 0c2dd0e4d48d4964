import { BIN_SAMPLE_COUNT } from './constants.ts';
import { HIST_STRIDE, maxBlockCount } from './histogram.ts';
import { SHARE_STATE } from './partition.ts';

// The memory of one training, in SharedArrayBuffers so that training workers (parallel/)
// read and write it in place: the binned rows, labels, scores and gradients in row order,
// the rows of the tree being grown in leaf order, and what the steps exchange (histogram
// partials, claim counters, the numeric columns while they are binned). The main thread
// allocates it; a worker attaches views to the same buffers.

/** Sizes of a training's buffers; plain numbers, so it travels to workers as is. */
export interface TrainLayout {
  readonly rows: number;
  readonly numFeatures: number;
  /** Bytes per binned row, a multiple of 4 (binning.ts). */
  readonly stride: number;
  /** Room for this many global bins; the fitted total is offsets[numFeatures]. */
  readonly maxBins: number;
  /** Numeric features whose columns are copied into shared memory for binning on several threads (else 0). */
  readonly sharedColumns: number;
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
  /** Binning on several threads: the numeric columns, column after column (rows each). */
  readonly columns: Float64Array;
  /** The feature of each shared column. */
  readonly columnFeature: Int32Array;
  /** The rows numeric bin edges are fitted on (the first binSample entries; none: all rows). */
  readonly binSample: Uint32Array;
  /** Upper bounds of each shared column's bins, EDGES_PER_COLUMN apart, and their counts. */
  readonly edges: Float64Array;
  readonly edgeCounts: Int32Array;
}

/** Room for the upper bounds of one column: codes are bytes, so at most 256 bins. */
export const EDGES_PER_COLUMN = 256;

/** The SharedArrayBuffers behind a TrainBuffers, by name. */
export type SharedMemory = Readonly<Record<string, SharedArrayBuffer>>;

/** Allocates a training's shared memory. */
export function allocateTrainMemory(layout: TrainLayout): SharedMemory {
  const { rows, stride, maxBins, hessians, maxLeaves, sharedColumns } = layout;
  const f64 = (n: number) => new SharedArrayBuffer(n * 8);
  const hessRows = hessians ? rows : 0;
  const partialLength = maxBins * (hessians ? HIST_STRIDE : 2);
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
    summed: f64(maxBins * HIST_STRIDE),
    goLeft: new SharedArrayBuffer(256),
    leafTable: new SharedArrayBuffer(maxLeaves * 2 * 4),
    claimed: new SharedArrayBuffer(3 * 4),
    shares: new SharedArrayBuffer(2 * SHARE_STATE * 4),
    columns: f64(sharedColumns * rows),
    columnFeature: new SharedArrayBuffer(sharedColumns * 4),
    binSample: new SharedArrayBuffer(sharedColumns > 0 ? BIN_SAMPLE_COUNT * 4 : 0),
    edges: f64(sharedColumns * EDGES_PER_COLUMN),
    edgeCounts: new SharedArrayBuffer(sharedColumns * 4),
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
    partialLength: layout.maxBins * (layout.hessians ? HIST_STRIDE : 2),
    summed: new Float64Array(get('summed')),
    goLeft: new Uint8Array(get('goLeft')),
    leafTable: new Int32Array(get('leafTable')),
    claimed: new Int32Array(get('claimed')),
    shares: new Int32Array(get('shares')),
    columns: new Float64Array(get('columns')),
    columnFeature: new Int32Array(get('columnFeature')),
    binSample: new Uint32Array(get('binSample')),
    edges: new Float64Array(get('edges')),
    edgeCounts: new Int32Array(get('edgeCounts')),
  };
}
