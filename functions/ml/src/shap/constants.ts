// Numeric constants of SHAP, each with the reason for its value.

/**
 * Extra coalitions in shap's default KernelSHAP budget (2M + 2048): kept so that "defaults
 * against defaults" compares the same amount of work as Python's KernelExplainer.
 */
export const KERNEL_EXTRA_SAMPLES = 2048;

/**
 * shap enumerates a subset size once the budget would give every subset of that size at
 * least one sample, with this much slack for rounding (KernelExplainer's `1.0 - 1e-8`).
 */
export const ENUMERATE_SLACK = 1e-8;

/**
 * Default stopping rule of the sampled regime (docs/shap.md, "Stopping rule"): stop once the
 * largest standard error is below this share of the range of the values (max phi - min phi).
 * Their experiments use 0.01: values are then ranked and sized reliably for a report.
 */
export const CONVERGENCE_THRESHOLD = 0.01;

/**
 * Complementary pairs drawn between two convergence checks. Each check solves an M-1 system
 * and a covariance (O(pairs M^2)); a round of 64 pairs keeps that under the cost of the model
 * calls while letting an easy explanation stop after a few hundred coalitions.
 */
export const PAIRS_PER_ROUND = 64;

/**
 * Pairs needed before standard errors are trusted: the covariance of the per-pair terms is
 * estimated from the pairs themselves, and with fewer than about 2M of them it is too noisy
 * to stop on. The minimum is max(this, 2M).
 */
export const MIN_PAIRS_FOR_STOP = 32;

/**
 * Rows handed to the model in one call (coalitions x background rows). Bounds memory (a
 * million rows of 20 columns is ~160 MB as float64) while keeping per-call overhead of an
 * ONNX session negligible.
 */
export const MAX_ROWS_PER_CALL = 1 << 18;

/**
 * A pivot of the normal equations smaller than this share of the largest diagonal entry is
 * treated as zero (the direction is not identified by the coalitions drawn): that component
 * is set to 0 instead of dividing by rounding noise.
 */
export const PIVOT_EPS = 1e-12;

/** Default size of a summarized background: shap's documentation suggests 50 to 100 rows. */
export const BACKGROUND_SIZE = 100;

/**
 * Varying features up to which the tree coalition game holds coalitions as 32-bit integer
 * masks (bit 31 is the sign, kept clear). Beyond, treeKernelShap evaluates rows instead.
 */
export const MAX_MASK_FEATURES = 30;

/**
 * Features a coalition table of the tree game may span: 2^16 values (512 KB), enough for
 * every exact KernelSHAP (2^M - 2 coalitions needs M <= 11 at shap's default budget) and for
 * tables that serve thousands of sampled coalitions. Wider games sum their terms per coalition.
 */
export const TABLE_MAX_BITS = 16;

/** Values all coalition tables of one tree game may hold together (32 MB of float64). */
export const TABLE_BUDGET = 1 << 22;
