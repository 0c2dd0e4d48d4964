import type { Column, Dataset, FeatureSpec } from '../dataset.ts';

/** A dataset of these columns, in order, named by their keys: Float64Array columns are numeric, the others categorical. */
export const namedColumns = (columns: Readonly<Record<string, Column>>): Dataset => ({
  features: Object.entries(columns).map(([name, column]): FeatureSpec => ({ name, kind: column instanceof Float64Array ? 'numeric' : 'categorical' })),
  columns: Object.values(columns),
});
