import { encodeColumns, encodeDerived, type CleanValue, type DerivedFeature, type ModelFeature } from '@tabular-ct/core';
import type { Column, Dataset } from '@tabular-ct/ml';

/**
 * Clean rows as the ML core's dataset, columns in the model's input order. The encoding is
 * core's encodeColumns, the one training used: a date or a code is the same number here.
 */
export function modelDataset(inputs: readonly ModelFeature[], rows: readonly Record<string, CleanValue | undefined>[]): Dataset {
  const encoded = encodeColumns(inputs, rows);
  return { features: inputs.map((f) => ({ name: f.name, kind: f.kind })), columns: inputs.map((f): Column => encoded[f.name]!) };
}

/** The ML core's columns as the ONNX graph's named inputs; a missing category is '' there. */
export function onnxColumns(inputs: readonly ModelFeature[], columns: readonly Column[]): Record<string, Float64Array | string[]> {
  const out: Record<string, Float64Array | string[]> = {};
  inputs.forEach((f, j) => {
    const col = columns[j];
    if (col === undefined) throw new RangeError(`no column for ${f.name}`);
    out[f.name] = col instanceof Float64Array ? col : col.map((v) => v ?? '');
  });
  return out;
}

/**
 * The raw inputs' dataset with the derived features appended, in the tree table's order:
 * each computed from its source column, whose encoded text is the clean text (derived
 * features read categorical columns only; '' or null is missing).
 */
export function withDerived(derived: readonly DerivedFeature[], data: Dataset): Dataset {
  if (derived.length === 0) return data;
  const n = data.columns[0]?.length ?? 0;
  // Each source column looked up once: KernelSHAP calls this on every batch of coalition rows.
  const sources = [...new Set(derived.map((f) => f.source))].map((name) => ({ name, column: data.columns[data.features.findIndex((g) => g.name === name)] }));
  const rows = Array.from({ length: n }, (_, i) => {
    const row: Record<string, CleanValue> = {};
    for (const { name, column } of sources) {
      const v = column?.[i];
      row[name] = typeof v === 'string' && v !== '' ? v : null;
    }
    return row;
  });
  return {
    features: [...data.features, ...derived.map((f) => ({ name: f.name, kind: f.kind }))],
    columns: [...data.columns, ...encodeDerived(derived, rows)],
  };
}

/**
 * SHAP values over the tree table's features (rows x F, row-major) as values of the raw inputs
 * (rows x R, R = F - derived): a derived feature's value is added to its source column's, so
 * the answer still adds up (a grouped TreeSHAP; docs/explain.md, "Derived features").
 */
export function foldOntoSources(phi: Float64Array, inputs: readonly { name: string }[], derived: readonly DerivedFeature[]): Float64Array {
  if (derived.length === 0) return phi;
  const R = inputs.length;
  const F = R + derived.length;
  const target = [...inputs.map((_, j) => j), ...derived.map((f) => inputs.findIndex((g) => g.name === f.source))];
  if (target.some((j) => j < 0)) throw new RangeError('a derived feature reads a column that is not a model input');
  const rows = phi.length / F;
  const out = new Float64Array(rows * R);
  for (let r = 0; r < rows; r++) for (let j = 0; j < F; j++) out[r * R + target[j]!]! += phi[r * F + j]!;
  return out;
}
