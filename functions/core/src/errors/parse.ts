import { type } from 'arktype';
import { AppError } from './app-error.ts';
import { err, ok, type Result } from './result.ts';

/** One schema violation, with the path of the offending field (`data[3].price`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** A schema whose input is unknown: what every boundary parses with. */
export interface Validator<T> {
  (data: unknown): T | type.errors;
}

/**
 * Validates `data` with an arktype schema. On failure the error is `invalid_request`
 * naming every offending field, so a 4xx answer tells the caller what to fix.
 */
export function parseWith<T>(schema: Validator<T>, data: unknown, what: string): Result<T> {
  const out = schema(data);
  if (out instanceof type.errors) {
    const problems: FieldProblem[] = out.map((e) => ({
      field: e.path.length === 0 ? '(root)' : e.path.map(String).join('.'),
      message: e.message,
    }));
    const fields = [...new Set(problems.map((p) => p.field))].join(', ');
    return err(new AppError('invalid_request', `${what} is invalid: ${fields}`, { problems }));
  }
  return ok(out);
}

/** parseWith for code that throws: the parsed value, or its `invalid_request` AppError thrown. */
export function parseOrThrow<T>(schema: Validator<T>, data: unknown, what: string): T {
  const parsed = parseWith(schema, data, what);
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}
