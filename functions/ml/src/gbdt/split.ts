import type { BinMapper } from './binning.ts';
import {
  CAT_L2,
  CAT_SMOOTH,
  GAIN_EPS,
  MAX_CAT_THRESHOLD,
  MAX_CAT_TO_ONEHOT,
  MAX_SET_RUNS,
  MIN_DATA_PER_GROUP,
} from './constants.ts';
import { HIST_STRIDE } from './histogram.ts';

// The constants read in the loops over bins, bound once here: run from source by tsx, each
// use of an imported binding is a getter call (3% of a training's time on 1M rows).
const STRIDE = HIST_STRIDE;
const EPS = GAIN_EPS;

/**
 * How categorical features split: 'set' searches category sets per node as LightGBM does;
 * 'ordered' cuts the codes (ordered by mean label at binning) at one threshold, learning
 * the side of missing and unseen categories like a numeric feature's.
 */
export type CategoricalSplit = 'set' | 'ordered';

/** The limits a split must respect. */
export interface SplitLimits {
  readonly categoricalSplit: CategoricalSplit;
  readonly minDataInLeaf: number;
  readonly minSumHessianInLeaf: number;
  readonly lambdaL2: number;
  readonly minGainToSplit: number;
}

/** Sums of gradient, hessian and rows over a set of rows. */
export interface Sums {
  g: number;
  h: number;
  n: number;
}

/**
 * The best split of a leaf. Numeric: rows with local bin <= thresholdBin go left, missing
 * rows go left when missingLeft. Categorical: rows whose bin is in leftBins go left, the
 * rest (missing and unseen categories too) go right.
 */
export interface SplitInfo {
  readonly feature: number;
  readonly gain: number;
  readonly thresholdBin: number;
  readonly missingLeft: boolean;
  readonly leftBins: readonly number[] | null;
  readonly left: Sums;
  readonly right: Sums;
  /** Newton outputs -G/(H + l2) of the two children, before the learning rate. */
  readonly leftOutput: number;
  readonly rightOutput: number;
}

/** The Newton score G^2 / (H + l2) of a leaf: the loss reduction of its optimal output. */
export function leafScore(g: number, h: number, l2: number): number {
  return (g * g) / (h + l2);
}

/** The Newton output of a leaf, -G / (H + l2). */
export function leafOutput(g: number, h: number, l2: number): number {
  return -g / (h + l2);
}

/**
 * Best split of one leaf over the allowed features, from its histogram. Returns null when
 * no split gains more than minGainToSplit. Ties keep the first feature and threshold.
 */
export function findBestSplit(
  hist: Float64Array,
  offsets: Uint32Array,
  mappers: readonly BinMapper[],
  total: Sums,
  limits: SplitLimits,
  allowed: Uint8Array,
): SplitInfo | null {
  const parent = leafScore(total.g, total.h, limits.lambdaL2);
  let best: SplitInfo | null = null;
  for (let f = 0; f < mappers.length; f++) {
    if (allowed[f] === 0) continue;
    const m = mappers[f]!;
    const cand =
      m.kind === 'numeric' || limits.categoricalSplit === 'ordered'
        ? bestNumeric(hist, offsets[f]!, m.missingBin, f, total, limits, parent)
        : bestCategorical(hist, offsets[f]!, m.missingBin, f, total, limits, parent);
    if (cand && (best === null || cand.gain > best.gain + EPS)) best = cand;
  }
  return best;
}

function bestNumeric(
  hist: Float64Array,
  offset: number,
  numValueBins: number,
  feature: number,
  total: Sums,
  limits: SplitLimits,
  parent: number,
): SplitInfo | null {
  const { minDataInLeaf, minSumHessianInLeaf: minHess, lambdaL2: l2 } = limits;
  const mo = (offset + numValueBins) * STRIDE;
  const mg = hist[mo]!;
  const mh = hist[mo + 1]!;
  const mn = hist[mo + 2]!;
  let bestGain = limits.minGainToSplit;
  let bestT = -1;
  let bestMissingLeft = false;
  // With missing rows, try them on each side and keep the better: the direction is learned.
  const directions = mn > 0 ? [false, true] : [false];
  for (const missingLeft of directions) {
    let lg = missingLeft ? mg : 0;
    let lh = missingLeft ? mh : 0;
    let ln = missingLeft ? mn : 0;
    for (let t = 0; t < numValueBins - 1; t++) {
      const o = (offset + t) * STRIDE;
      lg += hist[o]!;
      lh += hist[o + 1]!;
      ln += hist[o + 2]!;
      if (ln < minDataInLeaf || lh < minHess) continue;
      const rn = total.n - ln;
      const rh = total.h - lh;
      if (rn < minDataInLeaf || rh < minHess) break;
      const gain = leafScore(lg, lh, l2) + leafScore(total.g - lg, rh, l2) - parent;
      if (gain > bestGain + EPS) {
        bestGain = gain;
        bestT = t;
        bestMissingLeft = missingLeft;
      }
    }
  }
  if (bestT < 0) return null;
  const left: Sums = { g: 0, h: 0, n: 0 };
  for (let t = 0; t <= bestT; t++) addBin(left, hist, offset + t);
  if (bestMissingLeft) addBin(left, hist, offset + numValueBins);
  const right: Sums = { g: total.g - left.g, h: total.h - left.h, n: total.n - left.n };
  // No missing rows reached this leaf in training: send future ones to the larger side.
  const missingLeft = mn > 0 ? bestMissingLeft : left.n >= right.n;
  return {
    feature,
    gain: bestGain,
    thresholdBin: bestT,
    missingLeft,
    leftBins: null,
    left,
    right,
    leftOutput: leafOutput(left.g, left.h, l2),
    rightOutput: leafOutput(right.g, right.h, l2),
  };
}

/**
 * Category-set split as LightGBM does it: few categories are tried one against the rest;
 * otherwise categories with enough rows are sorted by G / (H + cat_smooth) and every prefix
 * of that order (from either end, at most max_cat_threshold long) is a candidate left set.
 * One departure: a candidate whose codes form more than MAX_SET_RUNS runs of consecutive
 * codes is skipped (see constants.ts).
 */
function bestCategorical(
  hist: Float64Array,
  offset: number,
  numCats: number,
  feature: number,
  total: Sums,
  limits: SplitLimits,
  parent: number,
): SplitInfo | null {
  const { minDataInLeaf, minSumHessianInLeaf: minHess } = limits;
  const g = (c: number) => hist[(offset + c) * STRIDE]!;
  const h = (c: number) => hist[(offset + c) * STRIDE + 1]!;
  const n = (c: number) => hist[(offset + c) * STRIDE + 2]!;
  let bestGain = limits.minGainToSplit;
  let bestSet: number[] | null = null;
  let bestL2 = limits.lambdaL2;
  const consider = (set: number[], lg: number, lh: number, l2: number) => {
    const gain = leafScore(lg, lh, l2) + leafScore(total.g - lg, total.h - lh, l2) - parent;
    if (gain > bestGain + EPS) {
      bestGain = gain;
      bestSet = set;
      bestL2 = l2;
    }
  };
  if (numCats <= MAX_CAT_TO_ONEHOT) {
    for (let c = 0; c < numCats; c++) {
      const ln = n(c);
      const lh = h(c);
      if (ln < minDataInLeaf || lh < minHess) continue;
      if (total.n - ln < minDataInLeaf || total.h - lh < minHess) continue;
      consider([c], g(c), lh, limits.lambdaL2);
    }
  } else {
    const l2 = limits.lambdaL2 + CAT_L2;
    const used: number[] = [];
    for (let c = 0; c < numCats; c++) if (n(c) >= CAT_SMOOTH) used.push(c);
    const ratio = (c: number) => g(c) / (h(c) + CAT_SMOOTH);
    used.sort((a, b) => ratio(a) - ratio(b) || a - b);
    const maxNum = Math.min(MAX_CAT_THRESHOLD, Math.floor((used.length + 1) / 2));
    const member = new Uint8Array(numCats + 2);
    for (const reverse of [false, true]) {
      let lg = 0;
      let lh = 0;
      let ln = 0;
      let group = 0;
      let runs = 0;
      member.fill(0);
      for (let i = 0; i < used.length && i < maxNum; i++) {
        const c = used[reverse ? used.length - 1 - i : i]!;
        // member[c + 1] marks code c; runs counts maximal runs of consecutive member codes.
        member[c + 1] = 1;
        runs += 1 - member[c]! - member[c + 2]!;
        lg += g(c);
        lh += h(c);
        ln += n(c);
        group += n(c);
        if (ln < minDataInLeaf || lh < minHess) continue;
        if (total.n - ln < minDataInLeaf || total.h - lh < minHess) break;
        if (group < MIN_DATA_PER_GROUP) continue;
        group = 0;
        if (runs > MAX_SET_RUNS) continue;
        const set = reverse ? used.slice(used.length - 1 - i) : used.slice(0, i + 1);
        consider(set, lg, lh, l2);
      }
    }
  }
  const set = bestSet as number[] | null;
  if (set === null) return null;
  const sorted = [...set].sort((a, b) => a - b);
  const left: Sums = { g: 0, h: 0, n: 0 };
  for (const c of sorted) addBin(left, hist, offset + c);
  const right: Sums = { g: total.g - left.g, h: total.h - left.h, n: total.n - left.n };
  return {
    feature,
    gain: bestGain,
    thresholdBin: -1,
    missingLeft: false,
    leftBins: sorted,
    left,
    right,
    leftOutput: leafOutput(left.g, left.h, bestL2),
    rightOutput: leafOutput(right.g, right.h, bestL2),
  };
}

function addBin(s: Sums, hist: Float64Array, bin: number): void {
  const o = bin * STRIDE;
  s.g += hist[o]!;
  s.h += hist[o + 1]!;
  s.n += hist[o + 2]!;
}
