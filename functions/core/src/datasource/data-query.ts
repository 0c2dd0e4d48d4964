import { type } from 'arktype';
import type { Validator } from '../errors/parse.ts';
import { WEEKDAYS, type CourseApiValidationItem } from './course-api.ts';

// FastAPI reads an int query parameter leniently ("05", " 7 "); arktype's
// string.integer refuses leading zeros, so the pattern is ours.
const integerText = type(/^\s*[-+]?\d+\s*$/).pipe((s) => Number(s));

/** The training data the simulator serves in batches, and the two subsets kept apart (diabetes). */
export const dataSubsets = ['train', 'validation', 'test'] as const;
export type DataSubset = (typeof dataSubsets)[number];

/**
 * Query of GET /data. `day` is what some versions of the course API take (students send any
 * weekday); it is checked and echoed, and does not change what is served. `subset` is the simulator's
 * own addition: validation and test, served whole, for datasets that keep them apart.
 * Unknown parameters are ignored, as FastAPI does.
 */
export const dataQuery = type({
  group_number: integerText,
  'day?': type.enumerated(...WEEKDAYS),
  'subset?': type.enumerated(...dataSubsets),
});

/** Query of GET /restart_data_generation. */
export const restartQuery = type({ group_number: integerText });

// pydantic v2's message for a Literal: "Input should be 'a', 'b' or 'c'".
const literalMessage = (values: readonly string[]): string => {
  const quoted = values.map((v) => `'${v}'`);
  return `Input should be ${quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}` : quoted.join('')}`;
};

// What pydantic v2 answers for each parameter that is present but does not parse.
const parseFailures: Record<string, { type: string; msg: string }> = {
  group_number: { type: 'int_parsing', msg: 'Input should be a valid integer, unable to parse string as an integer' },
  day: { type: 'literal_error', msg: literalMessage(WEEKDAYS) },
  subset: { type: 'literal_error', msg: literalMessage(dataSubsets) },
};

type CourseQueryOutcome<T> = { ok: true; value: T } | { ok: false; detail: CourseApiValidationItem[] };

/**
 * Parses a query with one of the schemas above; a failure comes back as the items of
 * FastAPI's 422 body, so the simulator fails exactly like the API it stands in for.
 */
export function parseCourseQuery<T>(schema: Validator<T>, query: Record<string, string | undefined>): CourseQueryOutcome<T> {
  const out = schema(query);
  if (!(out instanceof type.errors)) return { ok: true, value: out };
  const detail = out.map((e): CourseApiValidationItem => {
    const name = String(e.path[0] ?? '');
    const loc = ['query', name];
    if (e.code === 'required') return { type: 'missing', loc, msg: 'Field required', input: null };
    const failure = parseFailures[name] ?? { type: 'value_error', msg: e.message };
    return { ...failure, loc, input: query[name] ?? null };
  });
  return { ok: false, detail };
}
