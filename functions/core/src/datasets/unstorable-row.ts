import { printableText, unstorableReason } from './storable-text.ts';

/**
 * RAW keeps every collected row, but PostgreSQL's jsonb cannot hold a NUL or an unpaired
 * surrogate (storable-text.ts), and one such row would fail its whole delivery, at every retry.
 * Such a row is stored in raw_rows wrapped, as
 *
 *   {"$unstorable": {"field": "city", "reason": "contains a NUL character, which cannot be stored", "json": "<the row's JSON text>"}}
 *
 * `json` is the row as JSON.stringify writes it, which spells a NUL `\u0000` and a lone
 * surrogate `\ud800` (ECMAScript's well-formed JSON.stringify): six plain characters that jsonb
 * stores, so `JSON.parse(json)` gives the row back exactly (and the delivery's archive in the
 * object store keeps its original bytes). `field` names the first field found that cannot be
 * stored (escaped the same way), `reason` why; preprocess rejects the row with them.
 * A row that has a `$unstorable` field of its own is wrapped too, so every RAW payload with
 * that field is a wrapper and no collected row is mistaken for one. Documented in docs/data-api.md.
 */
const MARKER = '$unstorable';

interface Unstorable {
  field: string;
  reason: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The reason a JSON value (at any depth, keys included) cannot be stored, if one of its
 * strings cannot. A loop over a stack, not recursion: a hostile row nested thousands deep
 * must not overflow the call stack.
 */
function valueProblem(value: unknown): string | undefined {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') {
      const reason = unstorableReason(item);
      if (reason !== undefined) return reason;
    } else if (Array.isArray(item)) {
      for (const element of item) pending.push(element);
    } else if (isRecord(item)) {
      for (const [key, element] of Object.entries(item)) {
        const reason = unstorableReason(key);
        if (reason !== undefined) return reason;
        pending.push(element);
      }
    }
  }
  return undefined;
}

/** The first field of a row that PostgreSQL cannot store, and why. */
function findUnstorable(row: unknown): Unstorable | undefined {
  if (!isRecord(row)) {
    const reason = valueProblem(row);
    return reason === undefined ? undefined : { field: '(row)', reason };
  }
  if (Object.hasOwn(row, MARKER)) return { field: MARKER, reason: `is the name RAW gives its wrapper of rows it cannot store as they are` };
  for (const [key, value] of Object.entries(row)) {
    const nameProblem = unstorableReason(key);
    if (nameProblem !== undefined) return { field: printableText(key), reason: `its name ${nameProblem}` };
    const reason = valueProblem(value);
    if (reason !== undefined) return { field: printableText(key), reason };
  }
  return undefined;
}

/** The row as raw_rows can hold it: itself, or its wrapper when PostgreSQL cannot store it as it is. */
export function storableRow(row: unknown): unknown {
  const problem = findUnstorable(row);
  return problem === undefined ? row : { [MARKER]: { ...problem, json: JSON.stringify(row) } };
}

/** What a wrapped RAW row says about itself (field and reason), or undefined for any other payload. */
export function unwrapUnstorable(payload: unknown): Unstorable | undefined {
  if (!isRecord(payload) || !Object.hasOwn(payload, MARKER)) return undefined;
  const wrapper = payload[MARKER];
  if (!isRecord(wrapper) || typeof wrapper.field !== 'string' || typeof wrapper.reason !== 'string') return undefined;
  return { field: printableText(wrapper.field), reason: printableText(wrapper.reason) };
}
