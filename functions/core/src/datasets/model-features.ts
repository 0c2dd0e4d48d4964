import type { ColumnSpec, DatasetSpec } from './dataset-spec.ts';
import type { CleanValue } from './normalize-value.ts';

/** One input of the model: a feature column as the trees see it. */
export interface ModelFeature {
  name: string;
  kind: 'numeric' | 'categorical';
  /** How the clean value becomes the model's number: dates are days since 1970-01-01 (UTC). */
  encoding: 'number' | 'category' | 'days-since-epoch';
}

const MS_PER_DAY = 86_400_000;

/**
 * The model's inputs for a dataset, in specification order. Shared by training, promotion,
 * the predictor and explanations, so a date or a code is encoded the same way everywhere.
 */
export function modelFeatures(spec: DatasetSpec): ModelFeature[] {
  return spec.columns
    .filter((c) => c.role === 'feature')
    .map((c: ColumnSpec): ModelFeature =>
      c.kind === 'categorical'
        ? { name: c.name, kind: 'categorical', encoding: 'category' }
        : { name: c.name, kind: 'numeric', encoding: c.kind === 'date' ? 'days-since-epoch' : 'number' },
    );
}

/** A clean value as the model's input: a number (NaN when missing) or a category ('' when missing). */
export function encodeFeature(feature: ModelFeature, value: CleanValue | undefined): number | string {
  if (value === null || value === undefined) return feature.kind === 'numeric' ? Number.NaN : '';
  switch (feature.encoding) {
    case 'category':
      return String(value);
    case 'number':
      return typeof value === 'number' ? value : Number(value);
    case 'days-since-epoch':
      return Date.parse(`${String(value)}T00:00:00Z`) / MS_PER_DAY;
  }
}

/** Clean rows as the model's input columns, one per feature: what an ONNX session is fed. */
export function encodeColumns(features: readonly ModelFeature[], rows: readonly Record<string, CleanValue | undefined>[]): Record<string, Float64Array | string[]> {
  const columns: Record<string, Float64Array | string[]> = {};
  for (const f of features) {
    if (f.kind === 'numeric') {
      const out = new Float64Array(rows.length);
      rows.forEach((r, i) => (out[i] = encodeFeature(f, r[f.name]) as number));
      columns[f.name] = out;
    } else {
      columns[f.name] = rows.map((r) => encodeFeature(f, r[f.name]) as string);
    }
  }
  return columns;
}
