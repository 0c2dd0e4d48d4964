import { type } from 'arktype';
import { datasetNames } from '../datasets/registry.ts';

/**
 * The id RAW, CLEAN, MLflow tags and the UI know a collected batch by. It names one
 * delivery: one answer of the data API, `<dataset>-g<group>-b<batch_number>-d<delivery>`.
 * A cursor API answers each batch number once; a time-windowed one answers the same batch
 * number several times with other samples of its rows, so the delivery number (the group's
 * count of distinct answers, from 1, in the order they arrived) is what orders the data.
 */
export interface BatchRef {
  dataset: string;
  group: number;
  batchNumber: number;
  delivery: number;
}

const pattern = /^([a-z0-9]+)-g(\d+)-b(\d+)-d(\d+)$/;

/** The batch id as a request field: the format above, so it also needs no escaping in MLflow filters. */
export const batchIdField = type(pattern);

/**
 * For a request naming both a dataset and a batch: refuses a batch id of another dataset,
 * naming batch_id (use with arktype's narrow).
 */
export const batchOfDataset = (request: { dataset: string; batch_id: string }, ctx: { reject: (problem: { path: string[]; expected: string; actual: string }) => false }): boolean =>
  parseBatchId(request.batch_id)?.dataset === request.dataset ||
  ctx.reject({ path: ['batch_id'], expected: `the id of a ${request.dataset} batch`, actual: request.batch_id });

/** A request naming one delivery of a dataset and nothing else: POST /preprocess and POST /drift. */
export const batchRequest = type({
  dataset: type.enumerated(...datasetNames),
  batch_id: batchIdField,
  '+': 'reject',
}).narrow(batchOfDataset);

export const formatBatchId = (ref: BatchRef): string => `${ref.dataset}-g${ref.group}-b${ref.batchNumber}-d${ref.delivery}`;

/** The parts of a batch id, or undefined for text in any other format. */
export function parseBatchId(id: string): BatchRef | undefined {
  const m = pattern.exec(id);
  if (!m) return undefined;
  return { dataset: m[1] as string, group: Number(m[2]), batchNumber: Number(m[3]), delivery: Number(m[4]) };
}

/**
 * The group and batch number of an id written before batches were deliveries,
 * `<dataset>-g<group>-b<batch>`: versions registered then are tagged with one.
 */
export function parseLegacyBatchId(id: string): { group: number; batchNumber: number } | undefined {
  const m = /^[a-z0-9]+-g(\d+)-b(\d+)$/.exec(id);
  return m ? { group: Number(m[1]), batchNumber: Number(m[2]) } : undefined;
}
