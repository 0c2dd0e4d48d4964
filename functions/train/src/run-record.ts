import type { MetricInput } from '@tabular-ct/platform';
import { BASE_PARAMS, objectiveOf, type SearchResult } from './search.ts';
import { LINEAGE_TAGS, type DatasetSpec } from '@tabular-ct/core';

// MLflow caps a run tag's value at 8,000 characters (mlflow/utils/validation.py); the full
// reasons are also in drift_report.json when a report came with them.
const TAG_VALUE_MAX = 8000;

/** The data policy (README.md): every CLEAN row of the dataset's batches up to this one. */
const DATA_POLICY = 'cumulative';

/** Reasons as one tag value: one sentence per line, cut to MLflow's limit with a visible mark. */
export function reasonsTag(reasons: readonly string[]): string {
  const text = reasons.join('\n');
  return text.length <= TAG_VALUE_MAX ? text : `${text.slice(0, TAG_VALUE_MAX - 20)}\n[... cut at ${TAG_VALUE_MAX}]`;
}

/** What the run records about the data it trained on. */
export interface DataRecord {
  batchId: string;
  batches: readonly string[];
  rows: { train: number; validation: number; test: number };
  digest: string;
  location: string;
}

/** The run's parameters: chosen hyperparameters and fixed ones, the policy and the data's size. */
export function runParams(spec: DatasetSpec, search: SearchResult, data: DataRecord): Record<string, string> {
  const { candidate } = search.best;
  const { objective, targetTransform } = objectiveOf(spec);
  return {
    objective,
    target_transform: targetTransform,
    num_leaves: String(candidate.numLeaves),
    learning_rate: String(candidate.learningRate),
    min_data_in_leaf: String(candidate.minDataInLeaf),
    num_iterations_max: String(BASE_PARAMS.numIterations),
    early_stopping_rounds: String(BASE_PARAMS.earlyStoppingRounds),
    best_iteration: String(search.best.trees),
    seed: String(BASE_PARAMS.seed),
    selection_metric: search.metric,
    search_grid: JSON.stringify(search.trials.map((t) => t.candidate)),
    // At scale the candidates are compared on a sample and the best is refit on every row (search.ts).
    search_rows_train: String(search.plan.rows),
    search_rows_validation: String(search.plan.validationRows),
    search_refit: String(search.plan.refit),
    data_policy: DATA_POLICY,
    batches: String(data.batches.length),
    first_batch: data.batches[0] ?? '',
    last_batch: data.batchId,
    rows_train: String(data.rows.train),
    rows_validation: String(data.rows.validation),
    rows_test: String(data.rows.test),
  };
}

/** The model's quality, validation_* and test_*: logged on the run and on the logged model. */
export function modelMetrics(metrics: { validation: Record<string, number>; test: Record<string, number> }): MetricInput[] {
  return [
    ...Object.entries(metrics.validation).map(([k, value]) => ({ key: `validation_${k}`, value })),
    ...Object.entries(metrics.test).map(([k, value]) => ({ key: `test_${k}`, value })),
  ];
}

/** Each trial's validation score as `search_<metric>` at step = trial index: the run's, not the model's. */
export function searchMetrics(search: SearchResult): MetricInput[] {
  return search.trials.map((t, step) => ({ key: `search_${search.metric}`, value: t.validation, step }));
}

/** Tags shared by the run and the version: what the training was for and on what data. */
export function trainingTags(reasons: readonly string[], data: DataRecord): Record<string, string> {
  return {
    [LINEAGE_TAGS.batchId]: data.batchId,
    [LINEAGE_TAGS.reasons]: reasonsTag(reasons),
    [LINEAGE_TAGS.dataDigest]: data.digest,
    [LINEAGE_TAGS.dataLocation]: data.location,
    [LINEAGE_TAGS.dataPolicy]: DATA_POLICY,
  };
}

/** Metrics back from MLflow's run: `validation_x` and `test_x` keys split by prefix. */
export function metricsFromRun(metrics: ReadonlyArray<{ key: string; value: number }>): { validation: Record<string, number>; test: Record<string, number> } {
  const out = { validation: {} as Record<string, number>, test: {} as Record<string, number> };
  for (const m of metrics) {
    const match = /^(validation|test)_(.+)$/.exec(m.key);
    if (match) out[match[1] as 'validation' | 'test'][match[2]!] = m.value;
  }
  return out;
}
