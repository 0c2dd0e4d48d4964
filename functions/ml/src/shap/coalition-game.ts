// The cooperative game KernelSHAP explains: the value of a coalition S is the
// background-weighted mean of the model's output on rows that take the explained row's
// values for the features in S and a background row's values for the rest. The estimator
// (kernel-shap.ts) only asks for values of coalitions; how they are computed is the game's
// business: by evaluating the model on coalition x background rows (row-game.ts), or from the
// structure of a tree ensemble (tree-coalitions.ts).
import type { Column } from '../dataset.ts';

/** Background rows (the distribution features are integrated over) with optional weights. */
export interface Background {
  readonly columns: readonly Column[];
  /** One weight per row; equal weights when absent. Normalized internally. */
  readonly weights?: Float64Array;
}

/** One value per feature, aligned with the background's columns. */
export type FeatureValue = number | string | null;

/** A coalition value function over the features that vary between the explained row and the background. */
export interface CoalitionGame {
  /** Features (column indexes) that differ from the explained row in some background row, ascending. */
  readonly varying: readonly number[];
  /** The model's output for the explained row: v(all features). */
  readonly prediction: number;
  /** Background-weighted mean output: v(no feature). */
  readonly expected: number;
  /** v(S) of the n coalitions in masks: M bytes each over the varying features, 1 = takes the explained row's value. */
  values(masks: Uint8Array, n: number): Float64Array | Promise<Float64Array>;
}

/** Weights summing to 1; equal weights when absent. */
export function normalizedWeights(weights: Float64Array | undefined, B: number): Float64Array {
  if (weights === undefined) return new Float64Array(B).fill(1 / B);
  if (weights.length !== B) throw new RangeError(`expected ${B} background weights, got ${weights.length}`);
  let total = 0;
  for (const w of weights) {
    if (!(w >= 0)) throw new RangeError('background weights must be non-negative');
    total += w;
  }
  if (!(total > 0)) throw new RangeError('background weights sum to zero');
  return Float64Array.from(weights, (w) => w / total);
}

/** Checks x against the background and returns the background's row count. */
export function checkShapes(x: readonly FeatureValue[], background: Background): number {
  const F = background.columns.length;
  if (x.length !== F) throw new RangeError(`expected ${F} feature values, got ${x.length}`);
  const B = background.columns[0]?.length ?? 0;
  if (B === 0) throw new RangeError('the background has no rows');
  return B;
}

/** Missing is one value: NaN for numbers, null or '' for categories. */
function same(a: FeatureValue | undefined, b: FeatureValue | undefined): boolean {
  const missing = (v: FeatureValue | undefined) => v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));
  return missing(a) ? missing(b) : a === b;
}

/** Features equal to x in every background row cannot matter: shap's "varying" features are the others. */
export function varyingFeatures(x: readonly FeatureValue[], background: Background): number[] {
  const varying: number[] = [];
  background.columns.forEach((col, j) => {
    for (let b = 0; b < col.length; b++) {
      if (!same(col[b], x[j])) {
        varying.push(j);
        return;
      }
    }
  });
  return varying;
}
