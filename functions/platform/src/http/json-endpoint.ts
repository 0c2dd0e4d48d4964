import type { HttpFunction, Request, Response } from '@google-cloud/functions-framework';
import { AppError } from '@tabular-ct/core';
import { errorReply, jsonLog, type Log, type Reply } from './error-reply.ts';
import type { FunctionMetrics } from '../metrics/function-metrics.ts';

/** What a route sees of the request: parsed JSON body, query and headers, nothing of Express. */
export interface JsonRequest {
  method: string;
  path: string;
  body: unknown;
  query: Record<string, string | undefined>;
  headers: Record<string, string | string[] | undefined>;
}

export type Route = (req: JsonRequest) => Promise<Reply>;

export interface RouteTable {
  [methodAndPath: string]: Route;
}

function flatQuery(query: Request['query']): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(query ?? {})) out[k] = Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v);
  return out;
}

/**
 * The thin HTTP layer of every function: routes by `METHOD /path`, serves `/metrics`,
 * times each request into the function's metrics, and renders every failure through
 * errorReply, so no handler writes its own error JSON and no unknown error leaks.
 */
export function jsonEndpoint(name: string, routes: RouteTable, metrics: FunctionMetrics, log: Log = jsonLog): HttpFunction {
  return async (req: Request, res: Response) => {
    const started = process.hrtime.bigint();
    const path = req.path.replace(/\/+$/, '') || '/';
    const key = `${req.method} ${path}`;
    const route = routes[key];
    let reply: Reply;
    if (path === '/metrics' && req.method === 'GET') {
      reply = { status: 200, body: await metrics.registry.metrics(), headers: { 'content-type': metrics.registry.contentType } };
    } else if (!route) {
      const allowed = Object.keys(routes).filter((k) => k.endsWith(` ${path}`));
      reply = errorReply(
        allowed.length > 0
          ? new AppError('method_not_allowed', `${req.method} is not allowed on ${path}`, { allowed: allowed.map((k) => k.split(' ')[0]) })
          : new AppError('not_found', `no route ${path}`),
        { fn: name, route: key },
        log,
      );
    } else {
      try {
        reply = await route({ method: req.method, path, body: req.body, query: flatQuery(req.query), headers: req.headers });
      } catch (error) {
        reply = errorReply(error, { fn: name, route: key }, log);
      }
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    metrics.observeRequest(route ? key : 'unmatched', reply.status, seconds);
    for (const [h, v] of Object.entries(reply.headers ?? {})) res.setHeader(h, v);
    if (typeof reply.body === 'string' || Buffer.isBuffer(reply.body)) res.status(reply.status).send(reply.body);
    else res.status(reply.status).json(reply.body);
  };
}
