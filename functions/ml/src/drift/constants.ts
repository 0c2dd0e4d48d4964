// Numeric constants of the drift statistics, each with the reason for its value. Defaults
// are Evidently's (legacy/calculations/stattests, 0.7.23), so reports read like its reports.

/** Evidently switches from p-value tests to distances above this many reference rows: KS and chi-square flag every column of a large sample. */
export const SMALL_REFERENCE_ROWS = 1000;

/** Numerical columns with at most this many distinct values (reference and current together) are tested like categories (`_get_default_stattest`). */
export const NUMERIC_AS_CATEGORY_MAX_UNIQUE = 5;

/** Two distinct values or fewer: the two-proportion Z-test instead of chi-square. */
export const BINARY_MAX_UNIQUE = 2;

/** Significance level of the p-value tests (KS, chi-square, Z): Evidently's default threshold. */
export const P_VALUE_THRESHOLD = 0.05;

/** Drift threshold of the distances (normed Wasserstein, Jensen-Shannon, PSI): Evidently's default. */
export const DISTANCE_THRESHOLD = 0.1;

/** The dataset drifts when at least this share of the tested columns drifts (Evidently's `drift_share`). */
export const DATASET_DRIFT_SHARE = 0.5;

/** Floor of the reference std that normalizes the Wasserstein distance, so a constant reference column does not divide by zero (Evidently's 0.001). */
export const WASSERSTEIN_MIN_STD = 0.001;

/** PSI and Jensen-Shannon bin a numerical column only when its reference has more than this many distinct values; otherwise they compare value shares (`get_binned_data`). */
export const BINNED_MIN_UNIQUE = 20;

/**
 * PSI replaces an empty share by this value, or by the smallest non-empty share divided by
 * PSI_EMPTY_SHARE_DIVISOR when that share is itself <= this value (Evidently's "feel zeroes"):
 * the log ratio stays finite and an empty bin weighs like a very rare one.
 */
export const PSI_EMPTY_SHARE = 1e-4;
export const PSI_EMPTY_SHARE_DIVISOR = 1e6;

/** scipy's ks_2samp (method='auto') computes the exact p-value while both samples have at most this many values, else the asymptotic one. */
export const KS_EXACT_MAX_N = 10000;

/**
 * Where scipy's kstwo.sf (after Simard and L'Ecuyer; docs/architecture.md, "References") switches to 2 * smirnov(n, x) for the
 * asymptotic KS p-value: n x^2 >= 2.2 when n > 140, n x^2 > 4 when n <= 140 (their measured
 * crossovers of accuracy). Above n x^2 = 370 (n > 140) the tail is below float64's range: 0.
 */
export const KS_TAIL_NX2_LARGE_N = 2.2;
export const KS_TAIL_NX2_SMALL_N = 4;
export const KS_TAIL_ZERO_NX2 = 370;

/** Relative precision at which the series and continued fraction of the incomplete gamma function stop: float64 epsilon. */
export const GAMMA_EPS = 2.220446049250313e-16;

/** A bound on the terms of the incomplete gamma's series and continued fraction; both converge in O(sqrt(a)) terms, far below it for any chi-square we meet. */
export const GAMMA_MAX_ITERATIONS = 100_000;

/** Smallest representable magnitude guard of the modified Lentz algorithm (Numerical Recipes' FPMIN; docs/architecture.md, "References"). */
export const LENTZ_TINY = 1e-300;
