import { AppError, dataApiBatch, isExhaustedDetail, type DataApiBatch } from '@tabular-ct/core';
import { type } from 'arktype';
import { setTimeout as sleep } from 'node:timers/promises';

export type FetchedBatch = { kind: 'batch'; batch: DataApiBatch; bytes: Buffer } | { kind: 'exhausted' };

export interface FetchBatchOptions {
  /** One attempt's limit: the course API has taken more than 10 s for its large batches. */
  timeoutMs: number;
  /** Attempts in all, for network errors and 5xx; a 4xx is never retried. */
  attempts: number;
  /** First pause between attempts; it doubles each time. */
  backoffMs: number;
  fetch?: typeof fetch;
}

class Retryable extends Error {}

/**
 * GET `<source>/data?group_number=N[&day=D]` from a data API with the course's contract.
 * Retries network failures and 5xx answers with exponential backoff; a 4xx is final. The
 * exhausted answer (400 with the course's detail) is a normal outcome, not an error.
 * The body is validated before it is returned, so a malformed answer never reaches storage.
 */
export async function fetchBatch(sourceUrl: string, group: number, day: string | undefined, options: FetchBatchOptions): Promise<FetchedBatch> {
  const url = new URL('data', sourceUrl.endsWith('/') ? sourceUrl : `${sourceUrl}/`);
  url.searchParams.set('group_number', String(group));
  if (day) url.searchParams.set('day', day);
  const doFetch = options.fetch ?? fetch;

  let lastError: unknown;
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    if (attempt > 1) await sleep(options.backoffMs * 2 ** (attempt - 2));
    try {
      const res = await doFetch(url, { signal: AbortSignal.timeout(options.timeoutMs) });
      const bytes = Buffer.from(await res.arrayBuffer());
      if (res.status >= 500) throw new Retryable(`HTTP ${res.status}`);
      if (!res.ok) return clientError(url, res.status, bytes);
      return { kind: 'batch', batch: parseBatch(url, bytes), bytes };
    } catch (error) {
      if (error instanceof AppError) throw error;
      lastError = error;
    }
  }
  const e = lastError as { name?: string; message?: string; cause?: { code?: string } };
  const why = e.name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : (e.cause?.code ?? e.message ?? String(lastError));
  throw new AppError('upstream_unavailable', `data API ${url.origin} failed after ${options.attempts} attempts: ${why}`, { url: url.toString() });
}

function detailOf(bytes: Buffer): unknown {
  try {
    return (JSON.parse(bytes.toString('utf8')) as { detail?: unknown }).detail;
  } catch {
    return undefined;
  }
}

/**
 * A 4xx of the data API. The course's API answers 400 or 422 for a request it refuses (a group
 * outside its range, a day it does not take): the caller's request was wrong, a 400 of ours
 * quoting the API's detail. Any other 4xx (401, 404...) means the address or the API is not
 * what the platform was configured for: upstream_error.
 */
function clientError(url: URL, status: number, bytes: Buffer): FetchedBatch {
  const detail = detailOf(bytes);
  if (status === 400 && isExhaustedDetail(detail)) return { kind: 'exhausted' };
  const code = status === 400 || status === 422 ? 'invalid_request' : 'upstream_error';
  throw new AppError(code, `data API refused ${url.pathname}${url.search} with HTTP ${status}: ${JSON.stringify(detail ?? bytes.toString('utf8').slice(0, 200))}`, {
    status,
    detail,
  });
}

function parseBatch(url: URL, bytes: Buffer): DataApiBatch {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    const start = bytes.subarray(0, 60).toString('utf8').replace(/\s+/g, ' ');
    throw new AppError('upstream_error', `data API ${url.origin} answered something that is not JSON (${(error as Error).message}); it starts with ${JSON.stringify(start)}`);
  }
  const batch = dataApiBatch(json);
  if (batch instanceof type.errors) {
    throw new AppError('upstream_error', `data API ${url.origin} answered JSON of the wrong shape: ${batch.summary}`);
  }
  return batch;
}
