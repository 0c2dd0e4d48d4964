import { parseWith, type Validator } from '@tabular-ct/core';
import type { Route } from './router.ts';

/**
 * A route whose JSON body must match `schema`: invalid input is answered 400 naming every
 * offending field before `handle` runs, and `handle`'s result is answered 200.
 */
export function validatedRoute<T>(schema: Validator<T>, what: string, handle: (input: T) => Promise<unknown>): Route {
  return async (req) => {
    const parsed = parseWith(schema, req.body, what);
    if (!parsed.ok) throw parsed.error;
    return { status: 200, body: await handle(parsed.value) };
  };
}
