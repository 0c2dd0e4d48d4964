// Numeric constants of gradient-boosted training, each with the reason for its value.
// Defaults of the training parameters follow LightGBM 4.x, under LightGBM's parameter names,
// so that "defaults against defaults" compares the same model family (docs/benchmarks.md).

/** Value bins per feature; one more bin is kept for missing values, so codes fit 0..255. */
const MAX_BIN = 255;

/** LightGBM's min_data_in_bin: a bin closes only once it holds this many sampled rows. */
export const MIN_DATA_IN_BIN = 3;

/** LightGBM's bin_construct_sample_cnt: quantile edges come from at most this many rows. */
export const BIN_SAMPLE_COUNT = 200_000;

/** Smoothing added to the hessian when categories are ordered by gradient ratio (cat_smooth). */
export const CAT_SMOOTH = 10;

/** Extra L2 on category-set splits (cat_l2): sets over-fit more than thresholds. */
export const CAT_L2 = 10;

/** At most this many categories on the smaller side of a set split (max_cat_threshold). */
export const MAX_CAT_THRESHOLD = 32;

/** Features with at most this many categories are split one category against the rest. */
export const MAX_CAT_TO_ONEHOT = 4;

/**
 * In 'set' mode a category set may cover at most this many runs of consecutive codes (codes
 * are ordered by mean label). The exported ONNX graph tests a set with about two thresholds
 * per run, so unbounded sets on high-cardinality features (late trees fitting noise) made
 * chains of dozens of tests; the bound also regularizes: on realtor and diabetes, 4 beat
 * both 2 and unbounded (bench/gbdt.ts, docs/benchmarks.md).
 */
export const MAX_SET_RUNS = 4;

/** Rows a group of categories must hold before a set split is considered (min_data_per_group). */
export const MIN_DATA_PER_GROUP = 100;

/** Huber's delta (LightGBM's alpha): residuals beyond it count linearly. */
export const HUBER_DELTA = 0.9;

/** Floor on a log-loss hessian p(1-p): keeps the Newton step finite for saturated rows. */
export const MIN_HESSIAN = 1e-16;

/** Gains within this of each other are ties; the first candidate wins, so runs repeat. */
export const GAIN_EPS = 1e-12;

/** Default of every training parameter (LightGBM's, except where the comment says). */
export const DEFAULT_PARAMS = {
  numIterations: 100,
  learningRate: 0.1,
  numLeaves: 31,
  /** -1: no limit on depth, leaf-wise growth is bounded by numLeaves alone. */
  maxDepth: -1,
  minDataInLeaf: 20,
  minSumHessianInLeaf: 1e-3,
  lambdaL2: 0,
  minGainToSplit: 0,
  featureFraction: 1,
  baggingFraction: 1,
  /** Resample the bag every this many iterations; 0 disables bagging (as in LightGBM). */
  baggingFreq: 0,
  /** 0 disables early stopping. */
  earlyStoppingRounds: 0,
  maxBin: MAX_BIN,
  seed: 0,
} as const;

/**
 * Histogram blocks. A histogram is the sum of its blocks' partial histograms, added in block
 * order whichever thread built each block, so trees do not depend on the number of threads.
 * A range of rows is cut into about HISTOGRAM_BLOCKS blocks, so that two threads get even
 * shares of a leaf of a few ten thousand rows too (with 32K-row blocks the main thread built
 * 60% of them), of at least HISTOGRAM_MIN_BLOCK_ROWS rows (zeroing and summing the partials
 * then costs 3-9% of building them, 13 features, 2,800 bins) and at most
 * HISTOGRAM_MAX_BLOCK_ROWS (1,084,909 rows: 34 blocks).
 */
export const HISTOGRAM_BLOCKS = 16;
export const HISTOGRAM_MIN_BLOCK_ROWS = 4_096;
export const HISTOGRAM_MAX_BLOCK_ROWS = 32_768;

/** Partial histograms are summed by all threads from this many blocks; fewer take microseconds on one. */
export const PARALLEL_SUM_BLOCKS = 4;

/** Rows per unit of work of the steps on all rows (gradients, leaf indices), claimed one at a time. */
export const STEP_UNIT_ROWS = 32_768;

/** Leaves of this many rows are partitioned by two threads; smaller ones (under 0.2 ms) by the main thread. */
export const PARALLEL_PARTITION_ROWS = 32_768;

/**
 * At most one training thread per this many rows: a worker takes ~30 ms to start, and small
 * trainings (realtor's first batches, the search's many candidates, tests) need none.
 */
export const ROWS_PER_TRAIN_THREAD = 32_768;

/**
 * Default upper bound on training threads. os.availableParallelism() counts the node's cores,
 * not a pod's CPU quota (libuv 1.46 reads no cgroup limit): a pod on a 64-core node would
 * start 63 workers. 4 is a judgement, measured up to 2 threads only (the 2-core VM); the
 * partition never uses more than 2.
 */
export const MAX_TRAIN_THREADS = 4;
