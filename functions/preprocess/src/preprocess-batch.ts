import { AppError, datasets, type PreprocessRequest, type PreprocessResponse } from '@tabular-ct/core';
import {
  existingRowKeys,
  getCleanBatch,
  getRawBatch,
  insertCleanBatch,
  readRawRows,
  rejectReasons,
  splitCounts,
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

async function answerStored(deps: PreprocessDeps, batchId: string): Promise<PreprocessResponse | undefined> {
  const done = await getCleanBatch(deps.cleanPool, batchId);
  if (!done) return undefined;
  return {
    status: 'already_processed',
    dataset: done.dataset,
    batch_id: batchId,
    rows_in: done.rows_in,
    clean: done.rows_clean,
    rejected: done.rows_rejected,
    duplicates: done.rows_duplicate,
    splits: await splitCounts(deps.cleanPool, batchId),
    reject_reasons: await rejectReasons(deps.cleanPool, batchId),
  };
}

/**
 * Processes one RAW batch into CLEAN, once: a batch already processed is answered from
 * what is stored, and nothing is written again. All of a batch's CLEAN records are
 * written in one transaction, so a failure leaves nothing to clean up.
 */
export async function preprocessBatch(deps: PreprocessDeps, request: PreprocessRequest): Promise<PreprocessResponse> {
  const stored = await answerStored(deps, request.batch_id);
  if (stored) return stored;

  const batch = await getRawBatch(deps.rawPool, request.batch_id);
  if (!batch) throw new AppError('not_found', `RAW has no batch ${request.batch_id}: collect it first`, { batch_id: request.batch_id });
  if (batch.dataset !== request.dataset) {
    throw new AppError('invalid_request', `batch ${request.batch_id} belongs to dataset ${batch.dataset}, not ${request.dataset}`);
  }
  const spec = datasets[request.dataset];
  // Seconds per phase, logged with the outcome: where a slow batch spends its time.
  const timings: Record<string, number> = {};
  const timed = async <T>(phase: string, work: () => T | Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    timings[phase] = Math.round(performance.now() - started) / 1000;
    return result;
  };
  const raw = await timed('read_raw', () => readRawRows(deps.rawPool, request.batch_id));
  const salt = deps.rowKeySalt ?? '';
  const digest = (text: string): string => createHash('sha256').update(salt).update(text).digest('hex');
  const cleaned = await timed('clean', () => cleanRows(spec, raw, digest));
  // One question to CLEAN for the whole batch: which of these records does it hold already?
  const alreadyStored = await timed('lookup_duplicates', () => existingRowKeys(deps.cleanPool, request.dataset, cleaned.clean.map((c) => c.row_key)));
  const processed = await timed('assemble_and_profile', () => assembleBatch(spec, cleaned, alreadyStored));

  const summary = {
    batch_id: request.batch_id,
    dataset: request.dataset,
    rows_in: raw.length,
    rows_clean: processed.rows.length,
    rows_rejected: processed.rejects.length,
    rows_duplicate: processed.duplicates.length,
  };
  const outcome = await timed('write_clean', () => insertCleanBatch(deps.cleanPool, { summary, ...processed }));
  if (outcome === 'exists') {
    const winner = await answerStored(deps, request.batch_id);
    if (winner) return winner;
  }
  deps.log({ level: 'info', fn: 'preprocess', msg: `processed ${request.batch_id}`, ...summary, seconds: timings });

  const splits = { train: 0, validation: 0, test: 0 };
  for (const r of processed.rows) splits[r.split]++;
  const reasons = new Map<string, { field: string; reason: string; count: number }>();
  for (const r of processed.rejects) {
    const key = `${r.field}\u0000${r.reason}`;
    const entry = reasons.get(key) ?? { field: r.field, reason: r.reason, count: 0 };
    entry.count++;
    reasons.set(key, entry);
  }
  return {
    status: 'processed',
    dataset: request.dataset,
    batch_id: request.batch_id,
    rows_in: summary.rows_in,
    clean: summary.rows_clean,
    rejected: summary.rows_rejected,
    duplicates: summary.rows_duplicate,
    splits,
    reject_reasons: [...reasons.values()].sort((a, b) => b.count - a.count || a.field.localeCompare(b.field)).slice(0, 10),
  };
}
