import { diabetes } from './diabetes.ts';
import type { DatasetSpec } from './dataset-spec.ts';
import { realtor } from './realtor.ts';

/** Every dataset the platform runs, by name: what a request's `dataset` field selects. */
export const datasets = { realtor, diabetes } as const satisfies Record<string, DatasetSpec>;

export type DatasetName = keyof typeof datasets;

export const datasetNames = Object.keys(datasets) as DatasetName[];

/** The MLflow registered model a dataset's versions belong to; its alias `production` is served. */
export const registeredModelName = (dataset: string): string => `tabular-ct-${dataset}`;
