import { AppError } from '@tabular-ct/core';
import type { Log } from '../http/error-reply.ts';
import type { ObjectStore } from '../object-store/object-store.ts';

/** Where a row RAW refused is kept: one object per row, under the day the prediction was made. */
const PREFIX = 'dead-letter/inference-log';

interface DeadLetterOptions {
  store: ObjectStore;
  /** The names of a serialized row's positions, written beside it so the object reads alone. */
  columns: readonly string[];
  log: Log;
  onDeadLettered?: (rows: number) => void;
  onDropped?: (rows: number) => void;
}

/** Hands one refused row (its JSON text, as the log buffers it) and RAW's error to the dead letter. */
type DeadLetter = (row: string, error: unknown) => Promise<void>;

/** The database's own account of a refusal: our code and message, PostgreSQL's SQLSTATE and detail. */
function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof AppError)) return { message: error instanceof Error ? error.message : String(error) };
  const details = (typeof error.details === 'object' && error.details !== null ? error.details : {}) as { code?: unknown; detail?: unknown };
  return { code: error.code, sqlstate: details.code, message: error.message, ...(details.detail === undefined ? {} : { detail: details.detail }) };
}

/** The request id and day of a serialized row, for its key; a key character S3 might mind becomes `_`. */
function keyOf(row: string): { requestId: string; key: string } {
  let requestId = 'unknown';
  let day = new Date().toISOString().slice(0, 10);
  try {
    const fields = JSON.parse(row) as unknown[];
    if (typeof fields[0] === 'string') requestId = fields[0];
    if (typeof fields[1] === 'string' && /^\d{4}-\d{2}-\d{2}/.test(fields[1])) day = fields[1].slice(0, 10);
  } catch {
    // The log serialized the row itself: it parses. Were it not to, the defaults still give a key.
  }
  return { requestId, key: `${PREFIX}/${day}/${requestId.replace(/[^A-Za-z0-9._:-]/g, '_')}.json` };
}

/**
 * Writes each row RAW refuses to its own object in the bucket, with the error, so the
 * inference log goes on without it and an operator can see and replay it. A dead letter that
 * cannot be written either is logged whole (row and both errors) and counted as dropped: the
 * log never waits on a row it cannot place.
 */
export function createDeadLetter(options: DeadLetterOptions): DeadLetter {
  return async (row, error) => {
    const { requestId, key } = keyOf(row);
    const refusal = describeError(error);
    const body = { source: 'inference_log', request_id: requestId, dead_lettered_at: new Date().toISOString(), error: refusal, columns: options.columns, row_json: row };
    try {
      await options.store.put(key, JSON.stringify(body, null, 2), { contentType: 'application/json' });
    } catch (storeError) {
      options.onDropped?.(1);
      options.log({ level: 'error', msg: `inference log: RAW refused a row and its dead letter could not be written: row dropped`, error: refusal, dead_letter_error: describeError(storeError), row_json: row });
      return;
    }
    options.onDeadLettered?.(1);
    options.log({ level: 'warn', msg: `inference log: RAW refused row ${requestId} (${String(refusal.message)}): written to ${key}`, key });
  };
}
