import type { MlflowMetric, MlflowParam, MlflowTag } from '@tabular-ct/core';

/**
 * Limits of one runs/log-batch request, from MLflow's mlflow/utils/validation.py
 * (MAX_METRICS_PER_BATCH, MAX_PARAMS_TAGS_PER_BATCH, MAX_ENTITIES_PER_BATCH,
 * MAX_BATCH_LOG_REQUEST_SIZE). A request over any of them is refused whole.
 */
export const logBatchLimits = {
  metrics: 1000,
  params: 100,
  tags: 100,
  entities: 1000,
  // 1 MB of JSON, less room for the envelope ({"run_id": ..., "metrics": [...], ...}).
  bytes: 1_000_000 - 1_000,
} as const;

/** The entities of one log-batch request. */
interface BatchEntities {
  metrics: MlflowMetric[];
  params: MlflowParam[];
  tags: MlflowTag[];
}

const empty = (): BatchEntities => ({ metrics: [], params: [], tags: [] });
const count = (b: BatchEntities): number => b.metrics.length + b.params.length + b.tags.length;

/**
 * Splits entities into requests that each respect every limit, keeping their order within
 * each kind (metric points of one key stay in step order). Greedy: a request is closed when
 * the next entity would break one of its limits.
 */
export function chunkLogBatch(all: BatchEntities): BatchEntities[] {
  const chunks: BatchEntities[] = [];
  let current = empty();
  let bytes = 0;
  const add = <K extends keyof BatchEntities>(kind: K, entity: BatchEntities[K][number]): void => {
    const size = Buffer.byteLength(JSON.stringify(entity)) + 1;
    const full =
      current[kind].length >= logBatchLimits[kind] || count(current) >= logBatchLimits.entities || bytes + size > logBatchLimits.bytes;
    if (full && count(current) > 0) {
      chunks.push(current);
      current = empty();
      bytes = 0;
    }
    (current[kind] as BatchEntities[K][number][]).push(entity);
    bytes += size;
  };
  // Params first: they are immutable, so a failure halfway leaves fewer of them to reconcile.
  for (const p of all.params) add('params', p);
  for (const t of all.tags) add('tags', t);
  for (const m of all.metrics) add('metrics', m);
  if (count(current) > 0) chunks.push(current);
  return chunks;
}
