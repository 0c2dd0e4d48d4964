// The shapes of the data the ML core trains on and predicts from: raw columns, one per
// feature, in the order of the feature list.

/** A feature is either numeric (NaN is missing) or categorical (null or '' is missing). */
export interface FeatureSpec {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
}

/** Numeric columns are Float64Array; categorical columns hold strings. */
export type Column = Float64Array | readonly (string | null)[];

/** Raw feature columns, aligned with a feature list. */
export interface Dataset {
  readonly features: readonly FeatureSpec[];
  readonly columns: readonly Column[];
}

/** Number of rows of a dataset (all columns have the same length). */
export function rowCount(data: Dataset): number {
  return data.columns[0]?.length ?? 0;
}
