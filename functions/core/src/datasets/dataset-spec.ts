import type { RangeGroup } from '../derived/derived-feature.ts';

/**
 * What the platform knows about a dataset: its columns and their roles, how missing values
 * are written, what a valid value is, the target and its transform, and how rows are split.
 * The same code runs every dataset from its specification: adding a dataset is adding one.
 */
export type ColumnKind = 'numeric' | 'categorical' | 'date';

/** How a raw value is normalized before validation. */
export type Normalization =
  /** Float-typed ZIP code (601.0) to five digits with leading zeros ('00601'). */
  | 'zip5'
  /** Float-typed numeric code (40618.0) to its integer text ('40618'): an identifier, not a quantity. */
  | 'integer-code'
  /** A date to ISO 'YYYY-MM-DD'. */
  | 'iso-date';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  /** feature: the model sees it; identifier: kept in CLEAN, never a feature; target: what is predicted. */
  role: 'feature' | 'identifier' | 'target';
  /** Why a column is not a feature, or anything a reader must know about it. */
  note?: string;
  normalize?: Normalization;
  /** Inclusive bounds of a plausible numeric value; outside them the row is rejected. */
  min?: number;
  max?: number;
  /** Whole numbers only (counts such as bedrooms or days). */
  integer?: boolean;
  /** The values a categorical column may take; anything else is rejected. Absent: any value. */
  allowed?: readonly string[];
  /** A row without this value is rejected rather than kept with a missing value. */
  required?: boolean;
}

export interface TargetSpec {
  column: string;
  /** regression: a number; binary: one class (positive) against the rest. */
  task: 'regression' | 'binary';
  /** Trained on log1p(price) so the loss weighs relative errors; predictions are expm1'd back. */
  transform?: 'log1p';
  /** For binary targets: the raw values that count as the positive class. */
  positive?: readonly string[];
}

export interface SplitSpec {
  /** Rows sharing this key always land in the same split (one patient, one house). */
  groupKey: readonly string[];
  /** Shares of train, validation and test; they sum to 1. */
  shares: { train: number; validation: number; test: number };
}

/** A lookup table shipped by a package rather than written in the specification (functions/core/src/derived/zip-locations.ts). */
export type NamedTable = 'zip-latitude' | 'zip-longitude';

/**
 * A model input computed from one raw text column, inside the exported graph as in training
 * (docs/architecture.md, "Derived features"): the served model still takes the raw columns
 * only, and its SHAP values are reported on the source column.
 */
export type DerivedSpec =
  | { name: string; source: string; op: 'lookup'; table: NamedTable | Readonly<Record<string, number>>; note?: string }
  | { name: string; source: string; op: 'ranges'; groups: readonly RangeGroup[]; otherwise: string; otherPrefixes: readonly string[]; note?: string }
  | NearbySpec;

/**
 * A valuer's comparables, fitted on the training rows (functions/core/src/derived/nearby.ts):
 * for the place a ZIP code names, the mean target (as trained: log1p(price)) of the k
 * training rows nearest to it, or the share of training rows within a radius. Compiled like a
 * lookup, over every ZIP code of the package's table, so a new ZIP code gets its neighbours'.
 */
export type NearbySpec =
  | { name: string; source: string; op: 'nearby'; statistic: 'mean-target'; k: number; note?: string }
  | { name: string; source: string; op: 'nearby'; statistic: 'share-within'; radiusKm: number; note?: string };

export interface DatasetSpec {
  name: string;
  description: string;
  columns: readonly ColumnSpec[];
  target: TargetSpec;
  /** Literal strings that mean "missing" in the raw data, besides null and the empty string. */
  missing: readonly string[];
  split: SplitSpec;
  /** Features the model computes from the raw columns, after them in the model's input order. */
  derived?: readonly DerivedSpec[];
}

/** The feature columns of a dataset, in the order of its specification. */
export const featureColumns = (spec: DatasetSpec): ColumnSpec[] => spec.columns.filter((c) => c.role === 'feature');
