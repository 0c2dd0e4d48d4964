import { normalizeValue, type CleanValue } from '../datasets/normalize-value.ts';
import { printableText } from '../datasets/storable-text.ts';
import type { FieldProblem } from '../errors/parse.ts';
import type { ModelInput } from './model-inputs.ts';

/** Where the records sit in the request, and the fields that are accepted but not inputs. */
interface RecordContext {
  /** Before every field name, e.g. `features.` when the record is a field of the body. */
  prefix?: string;
  /** Fields accepted and left out of the values, e.g. the dataset's identifiers and target. */
  ignored?: ReadonlySet<string>;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/**
 * json: values keep their JSON types, so "3" for a number is a wrong type. text: every value
 * arrives as text (CSV cells), and numbers are read from it as preprocessing reads the data API's.
 */
export type InputSource = 'json' | 'text';

// Enough to fix a batch in one round trip without echoing a huge broken upload back.
const MAX_PROBLEMS = 20;

const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`);

/** JSON's types per column kind, checked before the value is normalized (normalizeValue also reads numbers from text). */
function jsonTypeProblem(input: ModelInput, value: unknown, markers: readonly string[]): string | undefined {
  if (value === null || value === undefined) return undefined;
  // The dataset's own missing markers ('', 'NaN', ...) mean missing in any column, as they do in its data.
  if (typeof value === 'string' && markers.includes(value.trim())) return undefined;
  const kind = input.column.kind;
  if (kind === 'numeric' && typeof value !== 'number') return `expected a number, got ${describe(value)}`;
  if (kind === 'date' && typeof value !== 'string') return `expected a date YYYY-MM-DD, got ${describe(value)}`;
  // Codes such as ZIP codes are categories that the data API itself sends as numbers.
  if (kind === 'categorical' && typeof value !== 'string' && typeof value !== 'number') return `expected a text value, got ${describe(value)}`;
  return undefined;
}

// The served model's input names, computed once per model rather than once per record.
const namesOf = new WeakMap<readonly ModelInput[], ReadonlySet<string>>();
function inputNames(inputs: readonly ModelInput[]): ReadonlySet<string> {
  let names = namesOf.get(inputs);
  if (!names) namesOf.set(inputs, (names = new Set(inputs.map((i) => i.feature.name))));
  return names;
}

/**
 * Validates one record of feature values against the model's inputs: unknown fields, wrong
 * types and impossible values (the dataset's bounds and allowed values, as preprocessing
 * checks them) are problems; a missing optional feature is a missing value, as in training.
 */
function validateRecord(inputs: readonly ModelInput[], markers: readonly string[], raw: unknown, source: InputSource, prefix: string, ignored: ReadonlySet<string> | undefined): Outcome<Record<string, CleanValue>> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problems: [{ field: prefix === '' ? '(body)' : prefix.slice(0, -1), message: `expected an object of feature values, got ${describe(raw)}` }] };
  }
  const record = raw as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const names = inputNames(inputs);
  for (const key of Object.keys(record)) {
    // The caller's key, cut and escaped (a NUL or a lone surrogate in it) before it is echoed.
    if (!names.has(key) && !ignored?.has(key)) problems.push({ field: `${prefix}${printableText(key)}`, message: `is not an input of the model (inputs: ${[...names].join(', ')})` });
  }
  const values: Record<string, CleanValue> = {};
  for (const input of inputs) {
    const name = input.feature.name;
    const value = Object.hasOwn(record, name) ? record[name] : undefined;
    const typeProblem = source === 'json' ? jsonTypeProblem(input, value, markers) : undefined;
    const outcome = typeProblem === undefined ? normalizeValue(input.column, value, markers) : { ok: false as const, reason: typeProblem };
    if (outcome.ok) values[name] = outcome.value;
    else problems.push({ field: `${prefix}${name}`, message: outcome.reason });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: values };
}

/**
 * Turns request records into model input values, or names every bad field: what the
 * predictor and the explain function check a caller's records with. `single` names fields
 * bare (`bed`), a batch by row (`[3].bed`).
 */
export function validateRecords(
  inputs: readonly ModelInput[],
  markers: readonly string[],
  records: readonly unknown[],
  source: InputSource,
  single: boolean,
  context: RecordContext = {},
): Outcome<Record<string, CleanValue>[]> {
  const values: Record<string, CleanValue>[] = [];
  const problems: FieldProblem[] = [];
  for (let i = 0; i < records.length && problems.length < MAX_PROBLEMS; i++) {
    const outcome = validateRecord(inputs, markers, records[i], source, `${context.prefix ?? ''}${single ? '' : `[${i}].`}`, context.ignored);
    if (outcome.ok) values.push(outcome.value);
    else problems.push(...outcome.problems);
  }
  return problems.length > 0 ? { ok: false, problems: problems.slice(0, MAX_PROBLEMS) } : { ok: true, value: values };
}
