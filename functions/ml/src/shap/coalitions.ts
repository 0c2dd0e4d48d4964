// Which coalitions KernelSHAP evaluates, as shap's KernelExplainer chooses them: subset sizes
// are enumerated from the outside in (1 and M-1, then 2 and M-2, ...) while the budget gives
// every subset of a size at least one sample; the sizes left are sampled in complementary
// pairs with probability proportional to their Shapley kernel weight (M-1)/(C(M,s) s (M-s)).
// One difference from shap: the middle size of an even M is sampled in pairs too (shap adds no
// complement there), so every sampled unit is an independent pair and standard errors follow
// from the spread between pairs (docs/shap.md, "Stopping rule").
import { ENUMERATE_SLACK } from './constants.ts';
import { sampleIndices } from '../random.ts';

interface CoalitionPlan {
  readonly M: number;
  /** Enumerated coalitions, row-major (M bytes each, 1: the feature takes the explained row's value). */
  readonly fixedMasks: Uint8Array;
  /** Kernel weight of each enumerated coalition (on the scale where all sizes sum to 1). */
  readonly fixedWeights: Float64Array;
  /** Kernel weight the sampled coalitions share, equally (0 when every size is enumerated). */
  readonly weightLeft: number;
  /** Complementary pairs the budget leaves for sampling. */
  readonly maxPairs: number;
  /** Smaller subset size of each size class left to sample, and its cumulative probability. */
  readonly sampleSizes: Int32Array;
  readonly sampleCdf: Float64Array;
  /** Every size enumerated: the solution is the exact Shapley value. */
  readonly exact: boolean;
}

/** Binomial coefficient as a float (exact below 2^53, and M is small where that matters). */
function binom(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r < 2 ** 53 ? Math.round(r) : r;
}

/** The enumerated coalitions and the sampling scheme for M features and a budget of coalitions. */
export function planCoalitions(M: number, budget: number): CoalitionPlan {
  const nSizes = Math.ceil((M - 1) / 2);
  const nPaired = Math.floor((M - 1) / 2);
  const weight = new Float64Array(nSizes);
  let total = 0;
  for (let s = 1; s <= nSizes; s++) {
    weight[s - 1] = ((M - 1) / (s * (M - s))) * (s <= nPaired ? 2 : 1);
    total += weight[s - 1]!;
  }
  for (let i = 0; i < nSizes; i++) weight[i]! /= total;

  const masks: number[][] = [];
  const weights: number[] = [];
  let left = Math.min(budget, M <= 30 ? 2 ** M - 2 : budget);
  const remaining = Float64Array.from(weight);
  let full = 0;
  for (let s = 1; s <= nSizes; s++) {
    const paired = s <= nPaired;
    const count = binom(M, s) * (paired ? 2 : 1);
    if ((left * remaining[s - 1]!) / count < 1 - ENUMERATE_SLACK) break;
    full++;
    left -= count;
    const r = remaining[s - 1]!;
    if (r < 1) for (let i = 0; i < nSizes; i++) remaining[i]! /= 1 - r;
    const w = weight[s - 1]! / binom(M, s) / (paired ? 2 : 1);
    forEachSubset(M, s, (subset) => {
      masks.push(subset);
      weights.push(w);
      if (paired) {
        masks.push(complement(M, subset));
        weights.push(w);
      }
    });
  }
  const fixedMasks = new Uint8Array(masks.length * M);
  masks.forEach((subset, i) => {
    for (const j of subset) fixedMasks[i * M + j] = 1;
  });
  const sampleSizes = new Int32Array(nSizes - full);
  const sampleCdf = new Float64Array(nSizes - full);
  let weightLeft = 0;
  for (let s = full + 1; s <= nSizes; s++) weightLeft += weight[s - 1]!;
  let acc = 0;
  for (let s = full + 1; s <= nSizes; s++) {
    acc += weight[s - 1]! / weightLeft;
    sampleSizes[s - full - 1] = s;
    sampleCdf[s - full - 1] = acc;
  }
  const exact = full === nSizes;
  return {
    M,
    fixedMasks,
    fixedWeights: Float64Array.from(weights),
    weightLeft: exact ? 0 : weightLeft,
    maxPairs: exact ? 0 : Math.max(0, Math.floor(left / 2)),
    sampleSizes,
    sampleCdf,
    exact,
  };
}

/** Draws one complementary pair into out (2M bytes: the subset, then its complement). */
export function drawPair(plan: CoalitionPlan, rng: () => number, out: Uint8Array): void {
  const M = plan.M;
  const u = rng();
  let k = 0;
  while (k < plan.sampleCdf.length - 1 && u >= plan.sampleCdf[k]!) k++;
  const size = plan.sampleSizes[k]!;
  out.fill(0, 0, M);
  out.fill(1, M, 2 * M);
  for (const j of sampleIndices(M, size, rng)) {
    out[j] = 1;
    out[M + j] = 0;
  }
}

function complement(M: number, subset: readonly number[]): number[] {
  const inside = new Set(subset);
  const out: number[] = [];
  for (let j = 0; j < M; j++) if (!inside.has(j)) out.push(j);
  return out;
}

/** Calls visit with every s-subset of 0..M-1 in lexicographic order (itertools.combinations). */
function forEachSubset(M: number, s: number, visit: (subset: number[]) => void): void {
  const idx = Array.from({ length: s }, (_, i) => i);
  for (;;) {
    visit(idx.slice());
    let i = s - 1;
    while (i >= 0 && idx[i] === M - s + i) i--;
    if (i < 0) return;
    idx[i]!++;
    for (let j = i + 1; j < s; j++) idx[j] = idx[j - 1]! + 1;
  }
}
