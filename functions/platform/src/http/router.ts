import { AppError, type ErrorBody } from '@tabular-ct/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { FunctionMetrics } from '../metrics/function-metrics.ts';
import { carriesToken, isGuarded, unauthorized } from './bearer-route.ts';
import { corsHeaders, isPreflight, preflightHeaders } from './cors.ts';
import { errorReply, isStream, jsonLog, type Log, type Reply } from './error-reply.ts';
import { readBody } from './read-body.ts';
import { routeMatcher } from './route-match.ts';

/** What a route sees of the request: parsed body, query and headers, nothing of the server. */
export interface JsonRequest {
  method: string;
  path: string;
  body: unknown;
  /** The body's text exactly as it arrived (signatures are computed over it); undefined when empty. */
  text?: string | undefined;
  query: Record<string, string | undefined>;
  headers: IncomingMessage['headers'];
  /** The values of the route's `:name` path segments (`GET /v2/models/m/versions/:version`). */
  params: Record<string, string>;
}

export type Route = (req: JsonRequest) => Promise<Reply>;

/** Routes by `METHOD /path`, for example `POST /collect`; a `:name` segment matches any one segment. */
export type RouteTable = Record<string, Route>;

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

interface RouterOptions {
  log?: Log;
  /** Largest request body accepted; larger ones get a 413 before they are read whole. */
  maxBodyBytes?: number;
  /** Origins whose pages may call this function (CORS_ALLOWED_ORIGINS): exact origins or `*`; empty, none. */
  corsOrigins?: readonly string[];
  /** Renders the error answers of some paths in another protocol's shape (the predictor's Open Inference Protocol routes); others keep ours. */
  errorBody?: (path: string, body: ErrorBody) => unknown;
}

// No query, no percent-encoding, no dot segments, no leading '//': what URL parsing would leave as it is.
const PLAIN_PATH = /^\/(?!\/)[\w\-/~]*$/;

// Batch predictions and CSV uploads stay well below this; anything larger is a mistake or an attack.
const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * The path and query of a request target. A plain path (most requests) is its own pathname:
 * parsing it as a URL would cost more than routing it. Anything else is read as URL parsing
 * reads it; a target no URL parser accepts (`//`, `//a:b`, an absolute form with port 99999)
 * comes back with `url` null, its text cut short for the error message and the logs.
 */
function parseTarget(target: string): { path: string; url: URL | undefined | null } {
  const trim = (p: string): string => p.replace(/\/+$/, '') || '/';
  if (PLAIN_PATH.test(target)) return { path: trim(target), url: undefined };
  try {
    const url = new URL(target, 'http://function');
    return { path: trim(url.pathname), url };
  } catch {
    return { path: target.length > 100 ? `${target.slice(0, 100)}...` : target, url: null };
  }
}

async function send(res: ServerResponse, reply: Reply): Promise<void> {
  if (reply.headers) for (const h in reply.headers) res.setHeader(h, reply.headers[h]!);
  res.statusCode = reply.status;
  if (reply.status === 204) {
    res.end();
    return;
  }
  if (isStream(reply.body)) {
    await pipeline(reply.body, res);
    return;
  }
  if (typeof reply.body === 'string' || Buffer.isBuffer(reply.body)) {
    if (!res.hasHeader('content-type')) res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(reply.body);
    return;
  }
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(reply.body));
}

// Liveness for every function; a table that answers in another shape (the course API's) sets its own.
const health: Route = async () => ({ status: 200, body: { status: 'ok' } });

/**
 * The thin HTTP layer of every function: parses the body, routes by method and path, serves
 * `/metrics` and `GET /health`, times each request into the function's metrics, and renders every failure
 * through errorReply, so no route writes its own error JSON and no unknown error leaks.
 */
export function createRouter(name: string, routes: RouteTable, metrics: FunctionMetrics, options: RouterOptions = {}): RequestListener {
  const log = options.log ?? jsonLog;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const corsOrigins = options.corsOrigins ?? [];
  const table = routeMatcher({ 'GET /health': health, ...routes });
  return async (req, res) => {
    const started = process.hrtime.bigint();
    const method = req.method ?? 'GET';
    const parsed = parseTarget(req.url ?? '/');
    const path = parsed.path;
    const match = parsed.url === null ? undefined : table.find(method, path);
    const key = match?.key ?? `${method} ${path}`;
    const cors = corsHeaders(req.headers.origin, corsOrigins);
    let reply: Reply;
    try {
      if (parsed.url === null) {
        req.resume();
        throw new AppError('invalid_request', `the request target ${JSON.stringify(path)} is not a path this function can read`);
      } else if (isPreflight(req)) {
        // Answered for any path the browser asks about: the real request gets the 404 or 405.
        req.resume();
        const methods = table.methods(path);
        reply = { status: 204, body: '', headers: Object.keys(cors).length > 0 ? preflightHeaders(methods) : {} };
      } else if (path === '/metrics' && method === 'GET') {
        reply = { status: 200, body: await metrics.registry.metrics(), headers: { 'content-type': metrics.registry.contentType } };
      } else if (!match) {
        const allowed = table.methods(path);
        req.resume();
        throw allowed.length > 0
          ? new AppError('method_not_allowed', `${method} is not allowed on ${path}`, { allowed })
          : new AppError('not_found', `no route ${path}`);
      } else {
        if (isGuarded(match.route) && !carriesToken(req.headers.authorization, match.route.tokens)) {
          req.resume();
          throw unauthorized(method, path);
        }
        const { parsed: body, text } = await readBody(req, maxBodyBytes);
        const query: Record<string, string | undefined> = {};
        for (const [k, v] of parsed.url?.searchParams ?? []) query[k] ??= v;
        reply = await match.route({ method, path, body, text, query, headers: req.headers, params: match.params });
      }
    } catch (error) {
      reply = errorReply(error, { fn: name, route: key }, log);
      if (options.errorBody) reply = { ...reply, body: options.errorBody(path, reply.body as ErrorBody) };
    }
    for (const [h, v] of Object.entries(cors)) res.setHeader(h, v);
    try {
      await send(res, reply);
    } catch (error) {
      // The client went away or a streamed body failed midway: the status is already sent.
      log({ level: 'warn', fn: name, route: key, msg: `reply interrupted: ${(error as Error).message}` });
      res.destroy();
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    metrics.observeRequest(match ? key : 'unmatched', reply.status, seconds);
  };
}
