/** A failed call as the functions answer it ({error: {code, message, details}}), or a network failure. */
export interface ApiError {
  status: number;
  code: string;
  message: string;
  /** Per-field problems of a 400: `features.<name>` or `<name>`. */
  problems: Array<{ field: string; message: string }>;
}

export type ApiResult<T> = { ok: true; value: T; ms: number } | { ok: false; error: ApiError };

async function call<T>(url: string, init?: RequestInit): Promise<ApiResult<T>> {
  const started = performance.now();
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (error) {
    return { ok: false, error: { status: 0, code: 'network', message: (error as Error).message, problems: [] } };
  }
  const text = await res.text();
  const ms = performance.now() - started;
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  if (res.ok) return { ok: true, value: body as T, ms };
  const e = (body as { error?: { code?: string; message?: string; details?: { problems?: ApiError['problems'] } } } | undefined)?.error;
  return { ok: false, error: { status: res.status, code: e?.code ?? 'http', message: e?.message ?? `${res.status} ${res.statusText}`, problems: e?.details?.problems ?? [] } };
}

export const getJson = <T>(url: string): Promise<ApiResult<T>> => call<T>(url);

export const postJson = <T>(url: string, body: unknown): Promise<ApiResult<T>> =>
  call<T>(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const postCsv = <T>(url: string, csv: string): Promise<ApiResult<T>> => call<T>(url, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
