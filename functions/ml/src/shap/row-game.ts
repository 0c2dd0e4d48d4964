// The model-agnostic coalition game: v(S) by evaluating the model on every coalition x
// background row, as shap's KernelExplainer does.
import type { Column } from '../dataset.ts';
import { MAX_ROWS_PER_CALL } from './constants.ts';
import { checkShapes, normalizedWeights, varyingFeatures, type Background, type CoalitionGame, type FeatureValue } from './coalition-game.ts';

/**
 * Any model of ours as a batch function of raw feature columns (numbers, NaN for missing;
 * categories as strings, null for missing) to one output per row. Asynchronous because an
 * ONNX session runs asynchronously; a synchronous function works too.
 */
export type BatchModel = (columns: readonly Column[]) => Float64Array | Promise<Float64Array>;

/** The game of a black-box model: f(x) and E f in one call, coalitions in batches of rows. */
export async function rowGame(model: BatchModel, x: readonly FeatureValue[], background: Background): Promise<CoalitionGame> {
  const B = checkShapes(x, background);
  const weights = normalizedWeights(background.weights, B);
  const first = await model(background.columns.map((col, j) => withRow(col, x[j]!)));
  if (first.length !== B + 1) throw new RangeError(`the model returned ${first.length} values for ${B + 1} rows`);
  let expected = 0;
  for (let b = 0; b < B; b++) expected += weights[b]! * first[b]!;
  const varying = varyingFeatures(x, background);
  const evaluator = new CoalitionEvaluator(model, x, background.columns, weights, varying);
  return { varying, prediction: first[B]!, expected, values: (masks, n) => evaluator.evaluate(masks, n) };
}

/** The column with one more row holding v. */
function withRow(col: Column, v: FeatureValue): Column {
  if (col instanceof Float64Array) {
    const out = new Float64Array(col.length + 1);
    out.set(col);
    out[col.length] = typeof v === 'number' ? v : NaN;
    return out;
  }
  return [...col, typeof v === 'string' ? v : null];
}

/** Evaluates coalition values E_b f(x_S, background_b) in batches of at most MAX_ROWS_PER_CALL rows. */
class CoalitionEvaluator {
  private readonly B: number;

  constructor(
    private readonly model: BatchModel,
    private readonly x: readonly FeatureValue[],
    private readonly background: readonly Column[],
    private readonly weights: Float64Array,
    private readonly varying: readonly number[],
  ) {
    this.B = weights.length;
  }

  /** Weighted mean output of each of the n coalitions in masks (M bytes each, over the varying features). */
  async evaluate(masks: Uint8Array, n: number): Promise<Float64Array> {
    const out = new Float64Array(n);
    const per = Math.max(1, Math.floor(MAX_ROWS_PER_CALL / this.B));
    for (let start = 0; start < n; start += per) {
      const count = Math.min(per, n - start);
      const y = await this.model(this.columns(masks, start, count));
      if (y.length !== count * this.B) throw new RangeError(`the model returned ${y.length} values for ${count * this.B} rows`);
      for (let i = 0; i < count; i++) {
        let s = 0;
        for (let b = 0; b < this.B; b++) s += this.weights[b]! * y[i * this.B + b]!;
        out[start + i] = s;
      }
    }
    return out;
  }

  /** Rows of coalitions start..start+count: each coalition's block is the background with x where the mask is 1. */
  private columns(masks: Uint8Array, start: number, count: number): Column[] {
    const B = this.B;
    const M = this.varying.length;
    const rows = count * B;
    return this.background.map((col, j) => {
      const k = this.varying.indexOf(j);
      const v = this.x[j]!;
      if (col instanceof Float64Array) {
        const out = new Float64Array(rows);
        const xv = typeof v === 'number' ? v : NaN;
        for (let i = 0; i < count; i++) {
          if (k >= 0 && masks[(start + i) * M + k] === 1) out.fill(xv, i * B, (i + 1) * B);
          else out.set(col, i * B);
        }
        return out;
      }
      const out: (string | null)[] = new Array<string | null>(rows);
      const xv = typeof v === 'string' ? v : null;
      for (let i = 0; i < count; i++) {
        const inside = k >= 0 && masks[(start + i) * M + k] === 1;
        for (let b = 0; b < B; b++) out[i * B + b] = inside ? xv : (col[b] ?? null);
      }
      return out;
    });
  }
}
