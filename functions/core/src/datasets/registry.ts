import { diabetes } from './diabetes.ts';
import type { DatasetSpec } from './dataset-spec.ts';
import { realtor } from './realtor.ts';

/** Every dataset the platform runs, by name: what a request's `dataset` field selects. */
export const datasets = { realtor, diabetes } as const satisfies Record<string, DatasetSpec>;

export type DatasetName = keyof typeof datasets;

export const datasetNames = Object.keys(datasets) as DatasetName[];

/** The prefix of registered model names when MODEL_NAME_PREFIX is not set. */
export const DEFAULT_MODEL_NAME_PREFIX = 'tabular-ct';

/**
 * The MLflow registered model (and experiment) a dataset's versions belong to; its alias
 * `production` is served. Another prefix gives a second, independent set of models on the
 * same MLflow server (a test run beside the demo's).
 */
export const registeredModelName = (dataset: string, prefix: string = DEFAULT_MODEL_NAME_PREFIX): string => `${prefix}-${dataset}`;
