import { encodeColumns, modelFeatures, type CleanValue, type DatasetSpec, type ModelFeature } from '@tabular-ct/core';
import type { Column, Dataset, LabeledData } from '@tabular-ct/ml';

/** What the feature table needs of a CLEAN row (platform's StoredCleanRow has it all). */
export interface SplitRow {
  split: 'train' | 'validation' | 'test';
  features: Record<string, CleanValue | undefined>;
  target: number;
}

/** The three splits as the ML core trains on them, and the encoding that produced them. */
interface TrainingSets {
  /** The model's inputs in specification order, with how each clean value is encoded. */
  features: ModelFeature[];
  train: LabeledData;
  validation: LabeledData;
  test: LabeledData;
}

/**
 * CLEAN rows as the ML core's labeled datasets, one per split. The encoding is core's
 * `encodeColumns` (dates as days since 1970-01-01 UTC, NaN and '' for missing), the one the
 * predictor, promotion and explanations use on the same clean values: a model never sees a
 * number at training that it would not see the same way at serving.
 */
export function buildTrainingSets(spec: DatasetSpec, rows: readonly SplitRow[]): TrainingSets {
  const features = modelFeatures(spec);
  const bySplit = { train: [] as SplitRow[], validation: [] as SplitRow[], test: [] as SplitRow[] };
  for (const r of rows) bySplit[r.split].push(r);
  const labeled = (part: readonly SplitRow[]): LabeledData => {
    const encoded = encodeColumns(features, part.map((r) => r.features));
    const data: Dataset = {
      features: features.map((f) => ({ name: f.name, kind: f.kind })),
      columns: features.map((f): Column => encoded[f.name]!),
    };
    return { data, label: Float64Array.from(part, (r) => r.target) };
  };
  return { features, train: labeled(bySplit.train), validation: labeled(bySplit.validation), test: labeled(bySplit.test) };
}
