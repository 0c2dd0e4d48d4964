import { AppError, datasets, type DatasetSpec, type PreprocessRequest, type PreprocessResponse } from '@tabular-ct/core';
import {
  cleanBatchSummaries,
  existingRowKeys,
  getCleanBatch,
  getRawBatch,
  insertCleanBatch,
  processedTogether,
  rawDeliveriesUpTo,
  withAdvisoryLock,
  readRawRows,
  rejectReasons,
  splitCounts,
  type CleanBatchSummary,
  type Log,
  type Pool,
} from '@tabular-ct/platform';
import { createHash } from 'node:crypto';
import { assembleBatch, cleanRows } from './process-rows.ts';

export interface PreprocessDeps {
  rawPool: Pool;
  cleanPool: Pool;
  log: Log;
  /**
   * Namespaces de-duplication: CLEAN keeps a record once per dataset and key, so two
   * independent pipelines of one dataset (or a test beside a running pipeline) each give
   * their own salt. Empty in production.
   */
  rowKeySalt?: string;
}

/** The answer for a set of processed deliveries, read from what CLEAN stores. */
async function answer(deps: PreprocessDeps, status: PreprocessResponse['status'], request: PreprocessRequest, done: readonly CleanBatchSummary[]): Promise<PreprocessResponse> {
  const ids = done.map((d) => d.batch_id);
  const deliveries = done.map((d) => ({ batch_id: d.batch_id, rows_in: d.rows_in, clean: d.rows_clean, rejected: d.rows_rejected, duplicates: d.rows_duplicate }));
  const total = (key: 'rows_in' | 'clean' | 'rejected' | 'duplicates'): number => deliveries.reduce((sum, d) => sum + d[key], 0);
  return {
    status,
    dataset: request.dataset,
    batch_id: request.batch_id,
    deliveries,
    rows_in: total('rows_in'),
    clean: total('clean'),
    rejected: total('rejected'),
    duplicates: total('duplicates'),
    splits: await splitCounts(deps.cleanPool, ids),
    reject_reasons: await rejectReasons(deps.cleanPool, ids),
  };
}

/**
 * Processes one RAW delivery into CLEAN in one transaction: rows validated, repeats of rows
 * CLEAN holds set aside as duplicates, splits assigned, the batch profiled. Returns its
 * accounting as CLEAN stores it.
 */
async function processDelivery(deps: PreprocessDeps, spec: DatasetSpec, batchId: string, processedWith: string): Promise<CleanBatchSummary> {
  // Seconds per phase, logged with the outcome: where a slow batch spends its time.
  const timings: Record<string, number> = {};
  const timed = async <T>(phase: string, work: () => T | Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    timings[phase] = Math.round(performance.now() - started) / 1000;
    return result;
  };
  const raw = await timed('read_raw', () => readRawRows(deps.rawPool, batchId));
  const salt = deps.rowKeySalt ?? '';
  const digest = (text: string): string => createHash('sha256').update(salt).update(text).digest('hex');
  const cleaned = await timed('clean', () => cleanRows(spec, raw, digest));
  // One question to CLEAN for the whole delivery: which of these records does it hold already?
  const alreadyStored = await timed('lookup_duplicates', () => existingRowKeys(deps.cleanPool, spec.name, cleaned.clean.map((c) => c.row_key)));
  const processed = await timed('assemble_and_profile', () => assembleBatch(spec, cleaned, alreadyStored));
  const summary = {
    batch_id: batchId,
    dataset: spec.name,
    processed_with: processedWith,
    rows_in: raw.length,
    rows_clean: processed.rows.length,
    rows_rejected: processed.rejects.length,
    rows_duplicate: processed.duplicates.length,
  };
  const outcome = await timed('write_clean', () => insertCleanBatch(deps.cleanPool, { summary, ...processed }));
  // Written meanwhile by a request that does not take the group's lock (a version before it, during a rollout).
  if (outcome === 'exists') return (await getCleanBatch(deps.cleanPool, batchId)) ?? summary;
  deps.log({ level: 'info', fn: 'preprocess', msg: `processed ${batchId}`, ...summary, seconds: timings });
  return summary;
}

/**
 * Processes a RAW delivery into CLEAN, once, after every earlier delivery of its group that
 * RAW holds and CLEAN does not (in delivery order, so a row is kept with the delivery it
 * first came in and counted as a duplicate in later ones). A delivery already processed is
 * answered from what is stored, with the deliveries the same request processed; nothing is
 * written again. Each delivery is written in its own transaction, so a failure leaves
 * nothing half-written and a retry goes on from the first delivery still missing.
 */
export async function preprocessBatch(deps: PreprocessDeps, request: PreprocessRequest): Promise<PreprocessResponse> {
  const stored = await getCleanBatch(deps.cleanPool, request.batch_id);
  if (stored) return answer(deps, 'already_processed', request, await processedTogether(deps.cleanPool, stored.processed_with));

  const batch = await getRawBatch(deps.rawPool, request.batch_id);
  if (!batch) throw new AppError('not_found', `RAW has no batch ${request.batch_id}: collect it first`, { batch_id: request.batch_id });
  if (batch.dataset !== request.dataset) {
    throw new AppError('invalid_request', `batch ${request.batch_id} belongs to dataset ${batch.dataset}, not ${request.dataset}`);
  }
  const spec = datasets[request.dataset];
  // One request of a group at a time: overlapping deliveries processed side by side would
  // race for the same rows, and a retry sent while the first request still runs waits for
  // it and answers what it stored.
  return withAdvisoryLock(deps.cleanPool, `preprocess-${batch.dataset}`, batch.group_number, async () => {
    const storedMeanwhile = await getCleanBatch(deps.cleanPool, request.batch_id);
    if (storedMeanwhile) return answer(deps, 'already_processed', request, await processedTogether(deps.cleanPool, storedMeanwhile.processed_with));
    const upTo = await rawDeliveriesUpTo(deps.rawPool, batch.dataset, batch.group_number, batch.delivery);
    const held = new Set((await cleanBatchSummaries(deps.cleanPool, upTo.map((b) => b.batch_id))).map((b) => b.batch_id));
    const done: CleanBatchSummary[] = [];
    for (const pending of upTo.filter((b) => !held.has(b.batch_id))) done.push(await processDelivery(deps, spec, pending.batch_id, request.batch_id));
    return answer(deps, 'processed', request, done);
  });
}
