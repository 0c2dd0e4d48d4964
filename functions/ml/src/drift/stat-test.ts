// A drift statistic as Evidently's StatTest describes one: its name, the column kinds it
// applies to, its default threshold, how its answer compares with the threshold, and the
// function that computes it. Each statistic's file ends with its descriptor; select-test.ts
// lists them all and picks one for a column.

export type ColumnKind = 'numeric' | 'categorical';

/** The present values of one sample: finite numbers, or categories. */
export type DriftSample = Float64Array | readonly string[];

/** A column as Evidently's default choice sees it: reference size (SMALL_REFERENCE_ROWS) and values. */
export type ColumnClass = `${'small' | 'large'} ${'continuous' | 'categories' | 'binary'}`;

/** A distance, or a test statistic and its p-value. */
export interface Measured {
  readonly statistic: number;
  readonly pValue?: number;
}

export interface StatTest<Name extends string = string> {
  readonly name: Name;
  /** How a drift report names it. */
  readonly label: string;
  readonly kinds: readonly ColumnKind[];
  /** The columns it is Evidently's default for (none: used only when asked for). */
  readonly defaultFor: readonly ColumnClass[];
  readonly threshold: number;
  drifted(measured: Measured, threshold: number): boolean;
  /** Compares two samples with missing values dropped (both non-empty; numbers when kinds is numeric only). */
  compute(reference: DriftSample, current: DriftSample): Measured;
}

/** Evidently's comparison of a distance: drift at or above the threshold. */
export const distanceAtLeast = ({ statistic }: Measured, threshold: number): boolean => statistic >= threshold;

/** Evidently's comparison of chi-square's and Z's p-values: drift strictly below the threshold. */
export const pValueBelow = ({ pValue = NaN }: Measured, threshold: number): boolean => pValue < threshold;
