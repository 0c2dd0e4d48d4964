import { AppError } from '@tabular-ct/core';

// SQLSTATE classes and codes we translate; everything else is a bug and stays a 500.
// (PostgreSQL's error codes: docs/architecture.md, "References")
const unavailableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P03', '53300']);

/** Translates a pg (or socket) error into an AppError, naming where it happened. */
export function pgError(error: unknown, where: string): AppError {
  if (error instanceof AppError) return error;
  const e = error as { code?: string; message?: string; detail?: string; constraint?: string };
  const code = e.code ?? '';
  const message = e.message ?? String(error);
  if (unavailableCodes.has(code) || /timeout|terminated|Connection terminated/i.test(message)) {
    return new AppError('upstream_unavailable', `PostgreSQL unavailable (${where}): ${code || message}`, { code }, { cause: error });
  }
  if (code === '23505') {
    return new AppError('conflict', `${where}: duplicate key (${e.constraint ?? 'unique constraint'})`, { code, detail: e.detail }, { cause: error });
  }
  if (code === '57014') {
    return new AppError('upstream_unavailable', `${where}: statement timed out`, { code }, { cause: error });
  }
  if (code.startsWith('22') || code.startsWith('23')) {
    // Data exceptions and integrity violations come from the data a caller sent.
    return new AppError('invalid_request', `${where}: ${message}`, { code, detail: e.detail }, { cause: error });
  }
  return new AppError('internal', `${where}: ${message}`, { code }, { cause: error });
}
