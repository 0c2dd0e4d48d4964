import { AppError } from '@tabular-ct/core';
import type { Route } from './router.ts';

/**
 * Routes that share a limit of `max` requests running at once: one more is answered 429 with
 * Retry-After at once, rather than queued behind the others. For routes that cost seconds of
 * CPU on an open endpoint (explain's importance and compare): a burst of them must not starve
 * the cheap ones sharing the process.
 */
export function concurrencyLimit(max: number, retryAfterSeconds: number): (route: Route) => Route {
  let running = 0;
  return (route) => async (req) => {
    if (running >= max) {
      throw new AppError('too_many_requests', `${req.method} ${req.path}: ${max} such requests are running already; retry in ${retryAfterSeconds} s`, { retry_after_seconds: retryAfterSeconds });
    }
    running++;
    try {
      return await route(req);
    } finally {
      running--;
    }
  };
}
