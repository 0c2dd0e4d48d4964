import { encodeColumns, type CleanValue, type ModelFeature } from '@tabular-ct/core';
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
