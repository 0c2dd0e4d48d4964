import { AppError, mlflowErrorResponse, type ErrorCode } from '@tabular-ct/core';
import { type } from 'arktype';

// MLflow error codes (mlflow/protos/databricks.proto) with a meaning of their own for our
// callers; every other error answer is an upstream_error carrying MLflow's code and message.
const codeFor: Record<string, ErrorCode> = {
  RESOURCE_DOES_NOT_EXIST: 'not_found',
  RESOURCE_ALREADY_EXISTS: 'conflict',
  INVALID_PARAMETER_VALUE: 'invalid_request',
};

// Longest piece of a non-JSON error body (an HTML page from a proxy, say) kept in details.
const BODY_EXCERPT_CHARS = 500;

/**
 * What went wrong under `fetch`'s generic "fetch failed": the socket code (ECONNREFUSED,
 * ENOTFOUND...) of the innermost cause, or else that cause's message (undici refuses ports on
 * the fetch spec's block list, 1 among them, with "bad port" and no code).
 */
function networkReason(error: unknown): { code?: string; reason: string } {
  let current: unknown = error;
  let reason = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    const e = current as { code?: unknown; errors?: unknown[]; cause?: unknown; message?: unknown };
    if (typeof e.message === 'string' && e.message !== '') reason = e.message;
    if (typeof e.code === 'string') return { code: e.code, reason: e.code };
    // Happy-eyeballs connects (IPv4 and IPv6) fail with an AggregateError of socket errors.
    const first = Array.isArray(e.errors) ? (e.errors[0] as { code?: unknown } | undefined) : undefined;
    if (typeof first?.code === 'string') return { code: first.code, reason: first.code };
    current = e.cause;
  }
  return { reason };
}

/**
 * Translates a failure to talk to MLflow (refused, unresolvable, reset, timed out) into
 * `upstream_unavailable`, naming the URL and the socket code or the timeout.
 */
export function unreachableError(error: unknown, url: string, timeoutMs: number): AppError {
  if (error instanceof AppError) return error;
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  if (name === 'TimeoutError') {
    return new AppError('upstream_unavailable', `MLflow at ${url} did not answer within ${timeoutMs} ms (TimeoutError)`, { url, code: 'TimeoutError', timeoutMs }, { cause: error });
  }
  const { code, reason } = networkReason(error);
  return new AppError('upstream_unavailable', `MLflow at ${url} is unreachable: ${reason}`, { url, code: code ?? reason }, { cause: error });
}

/**
 * Translates an error answer of MLflow into our codes: RESOURCE_DOES_NOT_EXIST is not_found,
 * RESOURCE_ALREADY_EXISTS conflict, INVALID_PARAMETER_VALUE invalid_request, anything else
 * (other codes, non-JSON bodies) upstream_error; MLflow's code and message go in details.
 */
export function answerError(status: number, bodyText: string, what: string): AppError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    parsed = undefined;
  }
  const body = mlflowErrorResponse(parsed);
  if (body instanceof type.errors) {
    return new AppError('upstream_error', `MLflow ${what} answered HTTP ${status}`, { status, body: bodyText.slice(0, BODY_EXCERPT_CHARS) });
  }
  const code = codeFor[body.error_code] ?? 'upstream_error';
  return new AppError(code, `MLflow ${what}: ${body.message}`, { status, errorCode: body.error_code, message: body.message });
}

/** For lookups where absence is an ordinary answer: `not_found` becomes undefined, the rest still throws. */
export async function undefinedIfNotFound<T>(lookup: Promise<T>): Promise<T | undefined> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return undefined;
    throw error;
  }
}
