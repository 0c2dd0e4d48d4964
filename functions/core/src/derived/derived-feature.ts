import type { Normalization } from '../datasets/dataset-spec.ts';
import { normalizeValue, type CleanValue } from '../datasets/normalize-value.ts';

/**
 * How a derived feature is computed, as data: what the ONNX export is to compile into graph
 * nodes, so that the served model takes the raw columns only. Each rule is one node kind:
 * - lookup: text key -> number from a fixed table, NaN outside it (ai.onnx.ml LabelEncoder,
 *   string keys to float values, default NaN);
 * - ranges: a code's integer part against inclusive ranges, a group's name when one holds
 *   (ICD-9 chapters); codes starting with one of `otherPrefixes` get `otherwise`;
 * - ratio: numerator x scale / denominator, NaN when either is missing or the denominator
 *   is not positive (Div, with Where for the guard).
 */
export type DerivedRule =
  | { readonly op: 'lookup'; readonly table: ReadonlyMap<string, number>; readonly normalize?: Normalization }
  | { readonly op: 'ranges'; readonly groups: readonly RangeGroup[]; readonly otherwise: string; readonly otherPrefixes: readonly string[] }
  | { readonly op: 'ratio'; readonly scale: number };

/** One group of a ranges rule: its name and the inclusive ranges of integer parts it covers. */
export interface RangeGroup {
  readonly name: string;
  readonly ranges: readonly (readonly [number, number])[];
}

/** A derived value: a number (NaN when missing) for numeric features, text or null for categorical ones. */
export type DerivedValue = number | string | null;

/** A model input computed from raw columns: declared once, computed here and (later) in the ONNX graph. */
export interface DerivedFeature {
  readonly name: string;
  /** The raw columns it reads, in the rule's order (ratio: numerator, denominator). */
  readonly sources: readonly string[];
  readonly kind: 'numeric' | 'categorical';
  readonly rule: DerivedRule;
  /** The value for one clean row; built from `rule` by the constructors below, so the two never disagree. */
  readonly compute: (values: Readonly<Record<string, CleanValue | undefined>>) => DerivedValue;
}

/** The key a lookup reads: the clean text, or the column's normalization applied to a raw number (601 -> '00601'). */
function lookupKey(value: CleanValue | undefined, normalize: Normalization | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (normalize === undefined) return String(value);
  const outcome = normalizeValue({ name: 'key', kind: 'categorical', role: 'feature', normalize }, value, []);
  return outcome.ok && typeof outcome.value === 'string' ? outcome.value : null;
}

/** A numeric feature looked up from one text column; keys outside the table are missing (NaN). */
export function lookupFeature(name: string, source: string, table: ReadonlyMap<string, number>, normalize?: Normalization): DerivedFeature {
  const rule: DerivedRule = normalize === undefined ? { op: 'lookup', table } : { op: 'lookup', table, normalize };
  return {
    name,
    sources: [source],
    kind: 'numeric',
    rule,
    compute: (values) => {
      const key = lookupKey(values[source], normalize);
      return key === null ? Number.NaN : (table.get(key) ?? Number.NaN);
    },
  };
}

// A code is its integer part (one to three digits) and an optional decimal part: '8', '250.83', '428'.
const NUMERIC_CODE = /^(\d{1,3})(?:\.\d*)?$/;

/**
 * A categorical feature grouping the codes of one column by ranges of their integer part.
 * A code that is neither numeric nor one of `otherPrefixes` followed by a digit ('V57',
 * 'E909'; case as written) cannot be read and is missing, like the missing value itself.
 */
export function rangesFeature(name: string, source: string, groups: readonly RangeGroup[], otherwise: string, otherPrefixes: readonly string[]): DerivedFeature {
  return {
    name,
    sources: [source],
    kind: 'categorical',
    rule: { op: 'ranges', groups, otherwise, otherPrefixes },
    compute: (values) => {
      const value = values[source];
      if (value === null || value === undefined) return null;
      const code = String(value).trim();
      const numeric = NUMERIC_CODE.exec(code);
      if (!numeric) return otherPrefixes.some((p) => code.startsWith(p) && /^\d/.test(code.slice(p.length))) ? otherwise : null;
      const whole = Number(numeric[1]);
      const group = groups.find((g) => g.ranges.some(([lo, hi]) => whole >= lo && whole <= hi));
      return group?.name ?? otherwise;
    },
  };
}

/** numerator x scale / denominator of two numeric columns; missing (NaN) when either is, or when the denominator is not positive. */
export function ratioFeature(name: string, numerator: string, denominator: string, scale = 1): DerivedFeature {
  const num = (v: CleanValue | undefined): number => (typeof v === 'number' ? v : Number.NaN);
  return {
    name,
    sources: [numerator, denominator],
    kind: 'numeric',
    rule: { op: 'ratio', scale },
    compute: (values) => {
      const d = num(values[denominator]);
      return d > 0 ? (num(values[numerator]) * scale) / d : Number.NaN;
    },
  };
}
