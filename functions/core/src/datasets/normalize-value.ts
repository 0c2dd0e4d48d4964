import type { ColumnSpec } from './dataset-spec.ts';
import { unstorableReason } from './storable-text.ts';

/** A normalized value: a number for numeric columns, text otherwise, null when missing. */
export type CleanValue = number | string | null;

type ValueOutcome = { ok: true; value: CleanValue } | { ok: false; reason: string };

// Longer text is not a value of any column we know: a broken or hostile payload.
const MAX_TEXT_LENGTH = 200;

const ok = (value: CleanValue): ValueOutcome => ({ ok: true, value });
const bad = (reason: string): ValueOutcome => ({ ok: false, reason });

/** True for null, undefined, NaN, and the dataset's literal missing markers. */
function isMissing(raw: unknown, markers: readonly string[]): boolean {
  if (raw === null || raw === undefined) return true;
  if (typeof raw === 'number') return Number.isNaN(raw);
  if (typeof raw === 'string') return markers.includes(raw.trim());
  return false;
}

function toNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(raw)) return Number(raw);
  return undefined;
}

/** 40618.0, "40618.0" and "40618" are the same code: its integer text. */
function integerCode(raw: unknown): string | undefined {
  const n = toNumber(raw);
  if (n !== undefined) return Number.isInteger(n) && n >= 0 ? String(n) : undefined;
  return typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? raw.trim() : undefined;
}

/** ZIP codes arrive as floats without leading zeros (601.0 for 00601) or as ZIP+4 text. */
function zip5(raw: unknown): string | undefined {
  if (typeof raw === 'string') {
    const m = /^\s*(\d{1,5})(?:-\d{4})?(?:\.0+)?\s*$/.exec(raw);
    return m?.[1]?.padStart(5, '0');
  }
  const code = integerCode(raw);
  return code !== undefined && code.length <= 5 ? code.padStart(5, '0') : undefined;
}

function isoDate(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+Z?)?\s*$/.exec(raw);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  // Rejects 2023-02-30, which Date would roll over into March.
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/**
 * Normalizes and validates one raw value against its column's specification. The reason
 * of a failure is a sentence a person can act on; it is stored with the rejected row.
 */
export function normalizeValue(column: ColumnSpec, raw: unknown, markers: readonly string[]): ValueOutcome {
  // Every text that reaches a model input or CLEAN passes here (predict, CSV, OIP, explain,
  // preprocess): text PostgreSQL cannot store stops here, before an inference log or CLEAN
  // write could fail on it. First, so no reason below echoes such a text.
  const unstorable = typeof raw === 'string' ? unstorableReason(raw) : undefined;
  if (unstorable !== undefined) return bad(unstorable);
  if (typeof raw === 'string' && raw.length > MAX_TEXT_LENGTH) return bad(`longer than ${MAX_TEXT_LENGTH} characters`);
  if (isMissing(raw, markers)) return column.required ? bad('is required but missing') : ok(null);
  if (typeof raw === 'object' || typeof raw === 'boolean') return bad(`expected a ${column.kind} value, got ${Array.isArray(raw) ? 'an array' : typeof raw}`);

  switch (column.kind) {
    case 'numeric': {
      const n = toNumber(raw);
      if (n === undefined) return bad(`expected a number, got ${JSON.stringify(raw)}`);
      if (column.integer && !Number.isInteger(n)) return bad(`expected a whole number, got ${n}`);
      if (column.min !== undefined && n < column.min) return bad(`${n} is below the plausible minimum ${column.min}`);
      if (column.max !== undefined && n > column.max) return bad(`${n} is above the plausible maximum ${column.max}`);
      return ok(n);
    }
    case 'date': {
      const d = isoDate(raw);
      return d === undefined ? bad(`expected a date YYYY-MM-DD, got ${JSON.stringify(raw)}`) : ok(d);
    }
    case 'categorical': {
      let text: string | undefined;
      if (column.normalize === 'zip5') text = zip5(raw);
      else if (column.normalize === 'integer-code') text = integerCode(raw);
      else text = String(raw).trim();
      if (text === undefined) return bad(`${JSON.stringify(raw)} is not a valid ${column.normalize === 'zip5' ? 'ZIP code' : 'code'}`);
      if (column.allowed && !column.allowed.includes(text)) return bad(`"${text}" is not one of ${column.allowed.join(', ')}`);
      return ok(text);
    }
  }
}
