import { encodeColumns, encodeDerived, modelFeatures, type CleanValue, type DatasetSpec, type DerivedSet, type ModelFeature, type Split } from '@tabular-ct/core';
import type { Column, Dataset, LabeledData } from '@tabular-ct/ml';

/** What the feature table needs of a CLEAN row (platform's StoredCleanRow has it all). */
export interface SplitRow {
  split: Split;
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
 * number at training that it would not see the same way at serving. The derived features
 * follow the raw ones, computed by the rules the exported graph compiles; training rows take
 * the set's own values where it has them (comparables computed without the row's fold).
 */
export function buildTrainingSets(spec: DatasetSpec, rows: readonly SplitRow[], derived: DerivedSet = NO_DERIVED): TrainingSets {
  const features = modelFeatures(spec);
  const bySplit = { train: [] as SplitRow[], validation: [] as SplitRow[], test: [] as SplitRow[] };
  for (const r of rows) bySplit[r.split].push(r);
  const labeled = (part: readonly SplitRow[]): LabeledData => {
    const encoded = encodeColumns(features, part.map((r) => r.features));
    const data: Dataset = {
      features: [...features, ...derived.features].map((f) => ({ name: f.name, kind: f.kind })),
      columns: [...features.map((f): Column => encoded[f.name]!), ...derivedColumns(derived, part)],
    };
    return { data, label: Float64Array.from(part, (r) => r.target) };
  };
  return { features, train: labeled(bySplit.train), validation: labeled(bySplit.validation), test: labeled(bySplit.test) };
}

/**
 * The derived features' columns of some rows, in their order: computed by the rules, except
 * that rows of the train split take the set's fitted values where it has them (comparables
 * computed without the row's fold), which follow the train rows' order. Rows given must hold
 * either every train row the set was fitted on, in that order, or none.
 */
export function derivedColumns(derived: DerivedSet, rows: readonly SplitRow[]): Column[] {
  const features = rows.map((r) => r.features);
  const trainAt = rows.flatMap((r, i) => (r.split === 'train' ? [i] : []));
  return derived.features.map((f) => {
    const own = trainAt.length === 0 ? undefined : derived.trainValues.get(f.name);
    if (!own) return encodeDerived([f], features)[0]!;
    if (own.length !== trainAt.length) throw new RangeError(`${f.name}: ${own.length} fitted values for ${trainAt.length} training rows (fit the derived features on these rows, comparableRows)`);
    // The train split alone (buildTrainingSets): the fitted values are the column itself, nothing to compute.
    if (trainAt.length === rows.length) return own;
    const column = encodeDerived([f], features)[0] as Float64Array;
    trainAt.forEach((i, t) => (column[i] = own[t]!));
    return column;
  });
}

/**
 * The training rows a DerivedSet's comparables are fitted on, in the order buildTrainingSets
 * trains on them (the rows of the train split, as given), targets in the model's units.
 */
export function comparableRows(spec: DatasetSpec, rows: readonly SplitRow[]): { features: SplitRow['features']; target: number }[] {
  const inModelUnits = spec.target.transform === 'log1p' ? Math.log1p : (y: number) => y;
  return rows.filter((r) => r.split === 'train').map((r) => ({ features: r.features, target: inModelUnits(r.target) }));
}

const NO_DERIVED: DerivedSet = { features: [], trainValues: new Map() };
