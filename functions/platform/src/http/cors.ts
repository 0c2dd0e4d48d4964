import type { IncomingMessage } from 'node:http';

// Headers a page may read from our answers: the predictor names the model and version that
// answered in them, and the UI shows both.
const EXPOSED = 'x-model-name, x-model-version';
// Browsers may cache a preflight this long (seconds), so a form does not pay one per request.
const PREFLIGHT_MAX_AGE = '600';

/**
 * The CORS headers for a request from `origin`, or none when the origin is not allowed (or
 * the request is not cross-origin). `allowed` holds exact origins or `*`; the origin is
 * echoed rather than `*` so a list and the wildcard answer alike, with `Vary: Origin` for caches.
 */
export function corsHeaders(origin: string | undefined, allowed: readonly string[]): Record<string, string> {
  if (!origin || !(allowed.includes('*') || allowed.includes(origin))) return {};
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED, vary: 'Origin' };
}

/** A browser's preflight: OPTIONS announcing the method it is about to send. */
export const isPreflight = (req: IncomingMessage): boolean => req.method === 'OPTIONS' && typeof req.headers['access-control-request-method'] === 'string';

/** The preflight's own headers: what a page may send (JSON and CSV bodies need content-type). */
export function preflightHeaders(methods: readonly string[]): Record<string, string> {
  return {
    'access-control-allow-methods': [...new Set([...methods, 'OPTIONS'])].join(', '),
    'access-control-allow-headers': 'content-type',
    'access-control-max-age': PREFLIGHT_MAX_AGE,
  };
}
