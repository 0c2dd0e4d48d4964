// Numeric constants of the ML core, each with the reason for its value. Defaults of the
// training parameters follow LightGBM 4.x so that "defaults against defaults" compares
// the same model family (https://lightgbm.readthedocs.io/en/latest/Parameters.html).

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

/**
 * Probabilities are clipped this far from 0 and 1 in log-loss, as scikit-learn does for
 * float64 (its eps is the machine epsilon), so a confident wrong answer costs ~36, not inf.
 */
export const LOGLOSS_EPS = 2.220446049250313e-16;

/** Smallest |y| MAPE divides by, as in scikit-learn: a zero target gives a huge, finite error. */
export const MAPE_EPS = 2.220446049250313e-16;

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
 * One-hot columns per categorical feature in the ridge baseline: the most frequent ones; the
 * rest share the all-zero "other" level. Keeps the normal equations small (Cholesky is cubic).
 */
export const RIDGE_MAX_CATEGORIES = 50;
