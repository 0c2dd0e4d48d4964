// Model-agnostic KernelSHAP (docs/shap.md) as shap's KernelExplainer computes it
// with l1_reg=False: a coalition's value is the background-weighted mean of the model on rows
// that take the explained row's values for the features in the coalition and a background
// row's values for the rest. Features equal to the explained row in every background row
// cannot matter and get 0 (shap's "varying" features). Exact when every subset size fits the
// budget (2^M - 2 coalitions); otherwise paired sampling, stopped early once the standard
// errors are small against the range of the values (docs/shap.md). The estimator asks
// a coalition game (coalition-game.ts) for the values of the coalitions it chose: the model
// on coalition x background rows for any model (row-game.ts), or the trees' structure for a
// tree ensemble of ours (tree-coalitions.ts): the same coalitions and solve either way.
import { createRng } from '../random.ts';
import type { GbdtModel } from '../gbdt/model.ts';
import { drawPair, planCoalitions } from './coalitions.ts';
import { CONVERGENCE_THRESHOLD, KERNEL_EXTRA_SAMPLES, PAIRS_PER_ROUND, MIN_PAIRS_FOR_STOP } from './constants.ts';
import type { Background, CoalitionGame, FeatureValue } from './coalition-game.ts';
import { KernelRegression } from './kernel-regression.ts';
import { rowGame, type BatchModel } from './row-game.ts';
import { treeBatchModel, treeGame, type MarginTransform } from './tree-coalitions.ts';

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
  return shapleyOfGame(await rowGame(model, x, background), x.length, options);
}

/**
 * kernelShap of a tree ensemble of ours whose output is transform(raw margin), with the
 * coalition values computed from the trees' structure instead of coalition x background
 * rows: the same coalitions, the same estimator, the same values to rounding. Beyond 30
 * varying features (coalitions as 32-bit masks) it evaluates rows like kernelShap.
 */
export async function treeKernelShap(
  model: GbdtModel,
  transform: MarginTransform,
  x: readonly FeatureValue[],
  background: Background,
  options: KernelShapOptions = {},
): Promise<KernelShapResult> {
  const game = treeGame(model, transform, x, background);
  if (game) return shapleyOfGame(game, x.length, options);
  return kernelShap(treeBatchModel(model, transform), x, background, options);
}

/** KernelSHAP's estimate of the Shapley values of a game over F features (0 for those not varying). */
async function shapleyOfGame(game: CoalitionGame, F: number, options: KernelShapOptions): Promise<KernelShapResult> {
  const { varying, prediction, expected } = game;
  const M = varying.length;
  const phi = new Float64Array(F);
  const standardErrors = new Float64Array(F);
  const delta = prediction - expected;
  if (M <= 1) {
    if (M === 1) phi[varying[0]!] = delta;
    return { phi, expected, prediction, standardErrors, samplesUsed: 0, exact: true };
  }

  const plan = planCoalitions(M, options.maxSamples ?? 2 * M + KERNEL_EXTRA_SAMPLES);
  const regression = new KernelRegression(M, delta);
  const nFixed = plan.fixedWeights.length;
  const fixedValues = await game.values(plan.fixedMasks, nFixed);
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
    const values = await game.values(masks, fresh.length);
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
