import { AppError, firstUnstorableText, parseOrThrow, type Validator } from '@tabular-ct/core';
import type { Route } from './router.ts';

/**
 * A route whose JSON body must match `schema`: invalid input is answered 400 naming every
 * offending field before `handle` runs, and `handle`'s result is answered 200. Text that
 * PostgreSQL could not store (a NUL, a lone surrogate: core's storable-text.ts) is invalid
 * input too, wherever it is, so no request can fail a write with it.
 */
export function validatedRoute<T>(schema: Validator<T>, what: string, handle: (input: T) => Promise<unknown>): Route {
  return async (req) => {
    const input = parseOrThrow(schema, req.body, what);
    const unstorable = firstUnstorableText(input);
    if (unstorable) throw new AppError('invalid_request', `${what} is invalid: ${unstorable.field} ${unstorable.reason}`, { problems: [{ field: unstorable.field, message: unstorable.reason }] });
    return { status: 200, body: await handle(input) };
  };
}
