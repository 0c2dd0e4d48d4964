// How a row is routed through the tree table: the one rule predict, TreeSHAP and the tree
// coalition game share, so an explanation never walks a tree differently from a prediction.
import { type Column, type Dataset, rowCount } from '../dataset.ts';
import type { GbdtModel, ModelFeature } from './model.ts';
import type { TreeTable } from './tree-table.ts';

/**
 * Whether value x (a number, or a category's code; NaN for missing and unseen) goes left at
 * node: a set split sends a code whose bit is set left and anything else right; a threshold
 * split sends x <= threshold left and NaN to its learned default side.
 */
export function goesLeft(t: TreeTable, node: number, x: number): boolean {
  const w = t.catWord[node]!;
  if (w >= 0) return x >= 0 && ((t.catBits[w + (x >>> 5)]! >>> (x & 31)) & 1) === 1;
  if (Number.isNaN(x)) return t.missingLeft[node] === 1;
  return x <= t.threshold[node]!;
}

/** Category codes of a feature: code i is categories[i]. */
const categoryIndex = (f: ModelFeature): Map<string, number> => new Map((f.categories ?? []).map((c, i) => [c, i]));

/** A category's code, NaN for missing and unseen. */
const categoryCode = (index: ReadonlyMap<string, number>, s: string | null | undefined): number => (s === null || s === undefined ? NaN : (index.get(s) ?? NaN));

/**
 * Numeric columns as numbers, categorical columns as category codes (NaN: missing or
 * unseen): what the trees compare. Checks names and kinds against the model's features.
 */
export function encodeColumns(model: GbdtModel, data: Dataset): Float64Array[] {
  const F = model.features.length;
  if (data.columns.length !== F) throw new RangeError(`expected ${F} columns, got ${data.columns.length}`);
  const n = rowCount(data);
  return model.features.map((f, j) => {
    const col: Column = data.columns[j]!;
    if (data.features[j]?.name !== f.name) throw new RangeError(`column ${j} is ${data.features[j]?.name}, model expects ${f.name}`);
    if (f.kind === 'numeric') {
      if (!(col instanceof Float64Array)) throw new TypeError(`feature ${f.name} is numeric`);
      return col;
    }
    if (col instanceof Float64Array) throw new TypeError(`feature ${f.name} is categorical`);
    const index = categoryIndex(f);
    const codes = new Float64Array(n);
    for (let r = 0; r < n; r++) codes[r] = categoryCode(index, col[r]);
    return codes;
  });
}
