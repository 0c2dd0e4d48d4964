import { AppError } from '@tabular-ct/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Route } from './router.ts';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * Whether an Authorization header carries one of the accepted bearer tokens. Digests are
 * compared in constant time, so the time taken says nothing about how much of a token was
 * right; every accepted token is compared, so neither does which one matched.
 */
export function carriesToken(header: string | undefined, tokens: readonly string[]): boolean {
  const given = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  if (given === undefined) return false;
  const presented = digest(given);
  let matched = false;
  for (const token of tokens) matched = timingSafeEqual(presented, digest(token)) || matched;
  return matched;
}

/** A route that only a caller with a token may use: the router checks before it reads the body. */
type GuardedRoute = Route & { readonly tokens: readonly string[] };

export const isGuarded = (route: Route): route is GuardedRoute => Array.isArray((route as Partial<GuardedRoute>).tokens);

export const unauthorized = (method: string, path: string): AppError =>
  new AppError('unauthorized', `${method} ${path} needs Authorization: Bearer <token>, a token this function accepts`);

/**
 * A route that answers only a caller with one of `tokens` (the pipeline's, from a Secret; two
 * while one is rotated): anyone else gets a 401 naming what to send. The router refuses such a
 * caller before reading the body, so an unauthenticated request costs no parsing.
 */
export function bearerRoute(tokens: readonly string[], route: Route): GuardedRoute {
  const guarded: Route = async (req) => {
    if (!carriesToken(req.headers.authorization, tokens)) throw unauthorized(req.method, req.path);
    return route(req);
  };
  return Object.assign(guarded, { tokens });
}
