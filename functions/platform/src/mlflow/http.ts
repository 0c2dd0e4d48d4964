import { AppError, type MlflowConfig, type Validator } from '@tabular-ct/core';
import { type } from 'arktype';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { answerError, unreachableError } from './http-errors.ts';

/** Query parameters; arrays repeat the key (MLflow's `order_by`), undefined ones are left out. */
export type Query = Record<string, string | number | readonly string[] | undefined>;

/** A request body that is streamed, never buffered whole: bytes, text or a Node stream. */
export type StreamBody = Buffer | Uint8Array | string | Readable;

export interface MlflowHttp {
  /** Calls a JSON endpoint under `/api/2.0/` (`mlflow/runs/get`) and validates its answer with `schema`. */
  json<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', endpoint: string, schema: Validator<T>, input?: { query?: Query; body?: unknown }): Promise<T>;
  /** Uploads `body` with PUT to a path under `/api/2.0/` (the artifact proxy). */
  put(path: string, body: StreamBody): Promise<void>;
  /** Downloads from a path under `/api/2.0/`: the body as a Node stream, read as it arrives. */
  getStream(path: string, query?: Query): Promise<Readable>;
}

export type Fetch = typeof fetch;

// A keep-alive connection that MLflow's server closed while it sat idle in the pool fails the
// next request sent on it, with no answer (undici: "other side closed", UND_ERR_SOCKET; or a
// reset). A GET is safe to send once more on a fresh connection; any other method is not
// repeated here, since the first may have landed.
const STALE_CONNECTION_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET']);
const isStaleConnection = (error: unknown): boolean => {
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' && STALE_CONNECTION_CODES.has(code);
};

/**
 * The one place that talks HTTP to MLflow: every request gets a timeout, every failure
 * becomes an AppError (http-errors.ts), every JSON answer is checked against its schema.
 *
 * The timeout (config.timeoutMs) covers one whole attempt, body included, as documented for
 * MLFLOW_TIMEOUT_MS: a stalled server or transfer fails instead of holding a function forever.
 */
export function createMlflowHttp(config: Pick<MlflowConfig, 'trackingUri' | 'timeoutMs' | 'credentials'>, fetchImpl: Fetch = fetch): MlflowHttp {
  // MLflow's basic-auth app (MLFLOW_TRACKING_USERNAME/PASSWORD, as its own clients send them).
  const auth: Record<string, string> = config.credentials
    ? { authorization: `Basic ${Buffer.from(`${config.credentials.username}:${config.credentials.password}`).toString('base64')}` }
    : {};
  const urlOf = (path: string, query?: Query): string => {
    const url = new URL(`${config.trackingUri}/api/2.0/${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      if (typeof value === 'string' || typeof value === 'number') url.searchParams.append(key, String(value));
      else for (const item of value) url.searchParams.append(key, item);
    }
    return url.toString();
  };

  /** Sends one request; an error answer is read and translated, a success is returned unread. */
  const send = async (method: string, path: string, init: { query?: Query; body?: BodyInit; headers?: Record<string, string>; streamed?: boolean }): Promise<{ response: Response; url: string }> => {
    const url = urlOf(path, init.query);
    const attempt = (): Promise<Response> =>
      fetchImpl(url, {
        method,
        signal: AbortSignal.timeout(config.timeoutMs),
        headers: { ...auth, ...init.headers },
        ...(init.body === undefined ? {} : { body: init.body }),
        // Node's fetch needs `duplex: 'half'` to send a stream as the body (not in the DOM types).
        ...(init.streamed ? ({ duplex: 'half' } as RequestInit) : {}),
      });
    try {
      const response = await attempt().catch((error: unknown) => {
        if (method === 'GET' && isStaleConnection(error)) return attempt();
        throw error;
      });
      if (!response.ok) throw answerError(response.status, await response.text(), `${method} ${path}`);
      return { response, url };
    } catch (error) {
      throw unreachableError(error, url, config.timeoutMs);
    }
  };

  return {
    async json(method, endpoint, schema, input = {}) {
      const { response, url } = await send(method, endpoint, {
        ...(input.query ? { query: input.query } : {}),
        // MLflow's REST API takes GET's parameters in the query string and every other method's,
        // DELETE too, as a JSON body.
        ...(method === 'GET' ? {} : { body: JSON.stringify(input.body ?? {}), headers: { 'Content-Type': 'application/json' } }),
      });
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw unreachableError(error, url, config.timeoutMs);
      }
      let data: unknown;
      try {
        data = text === '' ? {} : JSON.parse(text);
      } catch {
        throw new AppError('upstream_error', `MLflow ${method} ${endpoint} answered with a body that is not JSON`, { body: text.slice(0, 500) });
      }
      const out = schema(data);
      if (out instanceof type.errors) {
        throw new AppError('upstream_error', `MLflow ${method} ${endpoint} answered with an unexpected body: ${out.summary}`, {
          endpoint,
          problems: out.map((e) => ({ field: e.path.map(String).join('.') || '(root)', message: e.message })),
        });
      }
      return out;
    },

    async put(path, body) {
      const streamed = body instanceof Readable;
      const { response, url } = await send('PUT', path, {
        // Buffers may sit on an ArrayBufferLike, which the DOM's BodyInit type does not admit.
        body: streamed ? (Readable.toWeb(body) as unknown as ReadableStream<Uint8Array>) : (body as BodyInit),
        headers: { 'Content-Type': 'application/octet-stream' },
        streamed,
      });
      try {
        // Drain the (empty) answer so the connection goes back to the pool.
        await response.arrayBuffer();
      } catch (error) {
        throw unreachableError(error, url, config.timeoutMs);
      }
    },

    async getStream(path, query) {
      const { response, url } = await send('GET', path, query ? { query } : {});
      if (response.body === null) return Readable.from([]);
      const chunks = response.body as unknown as NodeReadableStream<Uint8Array>;
      // A transfer cut off halfway (timeout, reset) surfaces in the stream as an AppError too.
      return Readable.from(
        (async function* () {
          try {
            for await (const chunk of chunks) yield chunk;
          } catch (error) {
            throw unreachableError(error, url, config.timeoutMs);
          }
        })(),
        { objectMode: false },
      );
    },
  };
}
