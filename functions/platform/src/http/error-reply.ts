import { AppError, type ErrorBody } from '@tabular-ct/core';
import type { Readable } from 'node:stream';

export interface Reply {
  status: number;
  /** JSON value, text, bytes, or a stream (sent as it is produced; set its content-type). */
  body: unknown;
  headers?: Record<string, string>;
}

/** Marks a reply body that is streamed rather than serialized. */
export const isStream = (body: unknown): body is Readable =>
  typeof body === 'object' && body !== null && typeof (body as Readable).pipe === 'function';

/** Writes one JSON log line; functions log to stdout, which Knative collects. */
export type Log = (entry: Record<string, unknown>) => void;

export const jsonLog: Log = (entry) => console.log(JSON.stringify({ time: new Date().toISOString(), ...entry }));

/** The headers HTTP asks of some errors: a 401 names its scheme (RFC 9110, 11.6.1), a 429 when to retry. */
function headersOf(error: AppError): Record<string, string> | undefined {
  if (error.code === 'unauthorized') return { 'www-authenticate': 'Bearer' };
  const retry = (error.details as { retry_after_seconds?: unknown } | undefined)?.retry_after_seconds;
  if (error.code === 'too_many_requests' && typeof retry === 'number') return { 'retry-after': String(retry) };
  return undefined;
}

/**
 * Turns any failure into the answer the caller gets: an AppError renders as
 * `{error: {code, message, details}}` with its code's status; anything else is a bug,
 * logged with its stack and context, and answered with a plain 500 that leaks nothing.
 */
export function errorReply(error: unknown, context: Record<string, unknown>, log: Log = jsonLog): Reply {
  if (error instanceof AppError) {
    if (error.status >= 500) log({ level: 'error', ...context, code: error.code, msg: error.message });
    const headers = headersOf(error);
    return { status: error.status, body: error.toBody(), ...(headers ? { headers } : {}) };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  log({ level: 'error', ...context, code: 'internal', msg: e.message, stack: e.stack });
  const body: ErrorBody = { error: { code: 'internal', message: 'internal error' } };
  return { status: 500, body };
}
