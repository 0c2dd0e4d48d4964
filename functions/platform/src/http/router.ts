import { AppError } from '@tabular-ct/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { FunctionMetrics } from '../metrics/function-metrics.ts';
import { errorReply, isStream, jsonLog, type Log, type Reply } from './error-reply.ts';
import { readBody } from './read-body.ts';

/** What a route sees of the request: parsed body, query and headers, nothing of the server. */
export interface JsonRequest {
  method: string;
  path: string;
  body: unknown;
  query: Record<string, string | undefined>;
  headers: IncomingMessage['headers'];
}

export type Route = (req: JsonRequest) => Promise<Reply>;

/** Routes by `METHOD /path`, for example `POST /collect`. */
export type RouteTable = Record<string, Route>;

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

interface RouterOptions {
  log?: Log;
  /** Largest request body accepted; larger ones get a 413 before they are read whole. */
  maxBodyBytes?: number;
}

// Batch predictions and CSV uploads stay well below this; anything larger is a mistake or an attack.
const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

async function send(res: ServerResponse, reply: Reply): Promise<void> {
  for (const [h, v] of Object.entries(reply.headers ?? {})) res.setHeader(h, v);
  res.statusCode = reply.status;
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

/**
 * The thin HTTP layer of every function: parses the body, routes by method and path, serves
 * `/metrics`, times each request into the function's metrics, and renders every failure
 * through errorReply, so no route writes its own error JSON and no unknown error leaks.
 */
export function createRouter(name: string, routes: RouteTable, metrics: FunctionMetrics, options: RouterOptions = {}): RequestListener {
  const log = options.log ?? jsonLog;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (req, res) => {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://function');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const key = `${method} ${path}`;
    const route = routes[key];
    let reply: Reply;
    try {
      if (path === '/metrics' && method === 'GET') {
        reply = { status: 200, body: await metrics.registry.metrics(), headers: { 'content-type': metrics.registry.contentType } };
      } else if (!route) {
        const allowed = Object.keys(routes)
          .filter((k) => k.endsWith(` ${path}`))
          .map((k) => k.split(' ')[0]);
        req.resume();
        throw allowed.length > 0
          ? new AppError('method_not_allowed', `${method} is not allowed on ${path}`, { allowed })
          : new AppError('not_found', `no route ${path}`);
      } else {
        const body = await readBody(req, maxBodyBytes);
        const query: Record<string, string | undefined> = {};
        for (const [k, v] of url.searchParams) query[k] ??= v;
        reply = await route({ method, path, body, query, headers: req.headers });
      }
    } catch (error) {
      reply = errorReply(error, { fn: name, route: key }, log);
    }
    try {
      await send(res, reply);
    } catch (error) {
      // The client went away or a streamed body failed midway: the status is already sent.
      log({ level: 'warn', fn: name, route: key, msg: `reply interrupted: ${(error as Error).message}` });
      res.destroy();
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    metrics.observeRequest(route ? key : 'unmatched', reply.status, seconds);
  };
}
