import type { CleanValue } from '../datasets/normalize-value.ts';

/**
 * How a derived feature is computed, as data: what the ONNX export compiles into graph
 * nodes, so that the served model takes the raw columns only (docs/architecture.md, "Derived
 * features"). Each rule reads one raw column, so a SHAP value of the feature belongs to that
 * column alone. Rules see clean values: text already trimmed and normalized as the dataset
 * specification says (ZIP codes as five digits).
 * - lookup: text key -> number from a fixed table, NaN outside it (ai.onnx.ml LabelEncoder,
 *   string keys to double values, default NaN);
 * - ranges: a code's integer part (one to three digits, then an optional decimal part)
 *   against inclusive ranges, a group's name when one holds (ICD-9 chapters); any other
 *   numeric code, and one of `otherPrefixes` followed by a digit, gets `otherwise`; anything
 *   else is missing (the integer part's group by one LabelEncoder over every one-to-three
 *   digit text, RegexFullMatch for the code's shape, then Where).
 */
export type DerivedRule =
  | { readonly op: 'lookup'; readonly table: ReadonlyMap<string, number> }
  | { readonly op: 'ranges'; readonly groups: readonly RangeGroup[]; readonly otherwise: string; readonly otherPrefixes: readonly string[] };

/** One group of a ranges rule: its name and the inclusive ranges of integer parts it covers. */
export interface RangeGroup {
  readonly name: string;
  readonly ranges: readonly (readonly [number, number])[];
}

/** A derived value: a number (NaN when missing) for numeric features, text or null for categorical ones. */
export type DerivedValue = number | string | null;

/** A model input computed from one raw column: declared in the dataset specification, computed here and in the ONNX graph. */
export interface DerivedFeature {
  readonly name: string;
  /** The raw column it reads: the one its SHAP values are reported on. */
  readonly source: string;
  readonly kind: 'numeric' | 'categorical';
  readonly rule: DerivedRule;
  /** The value for one clean row; built from `rule` by the constructors below, so the two never disagree. */
  readonly compute: (values: Readonly<Record<string, CleanValue | undefined>>) => DerivedValue;
}

/** A numeric feature looked up from one text column; keys outside the table, and a missing value, are missing (NaN). */
export function lookupFeature(name: string, source: string, table: ReadonlyMap<string, number>): DerivedFeature {
  return {
    name,
    source,
    kind: 'numeric',
    rule: { op: 'lookup', table },
    compute: (values) => {
      const value = values[source];
      return value === null || value === undefined ? Number.NaN : (table.get(String(value)) ?? Number.NaN);
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
    source,
    kind: 'categorical',
    rule: { op: 'ranges', groups, otherwise, otherPrefixes },
    compute: (values) => {
      const value = values[source];
      if (value === null || value === undefined) return null;
      const code = String(value);
      const numeric = NUMERIC_CODE.exec(code);
      if (!numeric) return otherPrefixes.some((p) => code.startsWith(p) && /^\d/.test(code.slice(p.length))) ? otherwise : null;
      const whole = Number(numeric[1]);
      const group = groups.find((g) => g.ranges.some(([lo, hi]) => whole >= lo && whole <= hi));
      return group?.name ?? otherwise;
    },
  };
}

/**
 * The derived features' values of some clean rows, one column each, encoded as the model's
 * other inputs are (core's encodeColumns): numbers with NaN for missing, text with '' for missing.
 */
export function encodeDerived(derived: readonly DerivedFeature[], rows: readonly Readonly<Record<string, CleanValue | undefined>>[]): (Float64Array | string[])[] {
  return derived.map((f) =>
    f.kind === 'numeric' ? Float64Array.from(rows, (r) => f.compute(r) as number) : rows.map((r) => (f.compute(r) as string | null) ?? ''),
  );
}
