// Model-agnostic KernelSHAP (Lundberg and Lee 2017) as shap's KernelExplainer computes it
// with l1_reg=False: a coalition's value is the background-weighted mean of the model on rows
// that take the explained row's values for the features in the coalition and a background
// row's values for the rest. Features equal to the explained row in every background row
// cannot matter and get 0 (shap's "varying" features). Exact when every subset size fits the
// budget (2^M - 2 coalitions); otherwise paired sampling, stopped early once the standard
// errors are small against the range of the values (Covert and Lee 2021).
import type { Column } from '../dataset.ts';
import { createRng } from '../random.ts';
import { drawPair, planCoalitions } from './coalitions.ts';
import { CONVERGENCE_THRESHOLD, KERNEL_EXTRA_SAMPLES, MAX_ROWS_PER_CALL, PAIRS_PER_ROUND, MIN_PAIRS_FOR_STOP } from './constants.ts';
import { KernelRegression } from './kernel-regression.ts';

/**
 * Any model of ours as a batch function of raw feature columns (numbers, NaN for missing;
 * categories as strings, null for missing) to one output per row. Asynchronous because an
 * ONNX session runs asynchronously; a synchronous function works too.
 */
export type BatchModel = (columns: readonly Column[]) => Float64Array | Promise<Float64Array>;

/** Background rows (the distribution features are integrated over) with optional weights. */
export interface Background {
  readonly columns: readonly Column[];
  /** One weight per row; equal weights when absent. Normalized internally. */
  readonly weights?: Float64Array;
}

/** One value per feature, aligned with the background's columns. */
export type FeatureValue = number | string | null;

export interface KernelShapOptions {
  /** Coalitions to evaluate at most; default 2M + 2048 (shap's), M the varying features. */
  readonly maxSamples?: number;
  /** Seed of the coalition sampler; the same seed gives the same answer. */
  readonly seed?: number;
  /** Stop sampling when max SE <= threshold * (max phi - min phi); 0 uses the whole budget. */
  readonly threshold?: number;
}

export interface KernelShapResult {
  /** Shapley value of each feature; sum(phi) = prediction - expected. */
  readonly phi: Float64Array;
  /** Background-weighted mean output E f. */
  readonly expected: number;
  /** The model's output for the explained row. */
  readonly prediction: number;
  /** Standard error of each phi (0 where exact or not varying). */
  readonly standardErrors: Float64Array;
  /** Coalitions drawn, enumerated plus sampled (a repeated sample is evaluated once). */
  readonly samplesUsed: number;
  /** Whether every coalition was enumerated (phi is then the exact Shapley value). */
  readonly exact: boolean;
}

/** KernelSHAP values of one row x for a model over a weighted background. */
export async function kernelShap(
  model: BatchModel,
  x: readonly FeatureValue[],
  background: Background,
  options: KernelShapOptions = {},
): Promise<KernelShapResult> {
  const F = background.columns.length;
  if (x.length !== F) throw new RangeError(`expected ${F} feature values, got ${x.length}`);
  const B = background.columns[0]?.length ?? 0;
  if (B === 0) throw new RangeError('the background has no rows');
  const weights = normalizedWeights(background.weights, B);

  // f(x) and E f over the background in one call.
  const first = await model(background.columns.map((col, j) => withRow(col, x[j]!)));
  if (first.length !== B + 1) throw new RangeError(`the model returned ${first.length} values for ${B + 1} rows`);
  const prediction = first[B]!;
  let expected = 0;
  for (let b = 0; b < B; b++) expected += weights[b]! * first[b]!;

  const varying: number[] = [];
  for (let j = 0; j < F; j++) if (varies(background.columns[j]!, x[j]!)) varying.push(j);
  const M = varying.length;
  const phi = new Float64Array(F);
  const standardErrors = new Float64Array(F);
  const delta = prediction - expected;
  if (M <= 1) {
    if (M === 1) phi[varying[0]!] = delta;
    return { phi, expected, prediction, standardErrors, samplesUsed: 0, exact: true };
  }

  const plan = planCoalitions(M, options.maxSamples ?? 2 * M + KERNEL_EXTRA_SAMPLES);
  const evaluator = new CoalitionEvaluator(model, x, background.columns, weights, varying);
  const regression = new KernelRegression(M, delta);
  const nFixed = plan.fixedWeights.length;
  const fixedValues = await evaluator.evaluate(plan.fixedMasks, nFixed);
  for (let i = 0; i < nFixed; i++) regression.addFixed(plan.fixedMasks, i * M, fixedValues[i]! - expected, plan.fixedWeights[i]!);

  const threshold = options.threshold ?? CONVERGENCE_THRESHOLD;
  const minPairs = Math.max(MIN_PAIRS_FOR_STOP, 2 * M);
  const rng = createRng(options.seed ?? 0);
  let solution = regression.solve(plan.weightLeft);
  // Values of coalitions already evaluated: sampled pairs repeat when few sizes are left.
  const cache = new Map<string, number>();
  while (regression.pairs < plan.maxPairs) {
    const round = Math.min(PAIRS_PER_ROUND, plan.maxPairs - regression.pairs);
    const drawn = new Uint8Array(round * 2 * M);
    for (let p = 0; p < round; p++) drawPair(plan, rng, drawn.subarray(p * 2 * M, (p + 1) * 2 * M));
    const keys: string[] = [];
    const fresh: number[] = [];
    const pending = new Set<string>();
    for (let i = 0; i < 2 * round; i++) {
      const key = maskKey(drawn, i * M, M);
      keys.push(key);
      if (cache.has(key) || pending.has(key)) continue;
      pending.add(key);
      fresh.push(i);
    }
    const masks = new Uint8Array(fresh.length * M);
    fresh.forEach((i, k) => masks.set(drawn.subarray(i * M, (i + 1) * M), k * M));
    const values = await evaluator.evaluate(masks, fresh.length);
    fresh.forEach((i, k) => cache.set(keys[i]!, values[k]! - expected));
    for (let p = 0; p < round; p++) {
      regression.addPair(drawn.subarray(p * 2 * M, (p + 1) * 2 * M), cache.get(keys[2 * p]!)!, cache.get(keys[2 * p + 1]!)!);
    }
    solution = regression.solve(plan.weightLeft);
    if (threshold > 0 && regression.pairs >= minPairs && converged(solution.phi, solution.standardErrors, threshold)) break;
  }
  varying.forEach((j, k) => {
    phi[j] = solution.phi[k]!;
    standardErrors[j] = solution.standardErrors[k]!;
  });
  return {
    phi,
    expected,
    prediction,
    standardErrors,
    samplesUsed: nFixed + 2 * regression.pairs,
    exact: plan.exact,
  };
}

/** A coalition as a string key: one character per 16 features. */
function maskKey(masks: Uint8Array, offset: number, M: number): string {
  let key = '';
  for (let j = 0; j < M; j += 16) {
    let code = 0;
    for (let k = j; k < Math.min(M, j + 16); k++) code = (code << 1) | masks[offset + k]!;
    key += String.fromCharCode(code);
  }
  return key;
}

/** Covert and Lee's rule: the largest standard error is a small share of the values' range. */
function converged(phi: Float64Array, se: Float64Array, threshold: number): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  let maxSe = 0;
  for (let i = 0; i < phi.length; i++) {
    lo = Math.min(lo, phi[i]!);
    hi = Math.max(hi, phi[i]!);
    maxSe = Math.max(maxSe, se[i]!);
  }
  return maxSe <= threshold * (hi - lo);
}

function normalizedWeights(weights: Float64Array | undefined, B: number): Float64Array {
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

/** Missing is one value: NaN for numbers, null or '' for categories. */
function same(a: FeatureValue | undefined, b: FeatureValue | undefined): boolean {
  const missing = (v: FeatureValue | undefined) => v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));
  return missing(a) ? missing(b) : a === b;
}

function varies(col: Column, v: FeatureValue): boolean {
  for (let b = 0; b < col.length; b++) if (!same(col[b], v)) return true;
  return false;
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
