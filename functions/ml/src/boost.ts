import type { BinMapper } from './binning.ts';
import { applyBins, fitBins } from './binning.ts';
import { DEFAULT_PARAMS } from './constants.ts';
import type { Dataset } from './dataset.ts';
import { rowCount } from './dataset.ts';
import type { TrainTree } from './grow.ts';
import { leafOfBinnedRow, TreeGrower } from './grow.ts';
import { lossFor } from './loss.ts';
import type { GbdtModel, ModelFeature, Objective, TargetTransform } from './model.ts';
import { createRng, sampleIndices } from './random.ts';
import type { CategoricalSplit } from './split.ts';
import { toTreeTable } from './tree-table.ts';

/** Training parameters; names and meanings follow LightGBM's. */
export interface TrainParams {
  readonly objective: Objective;
  readonly targetTransform: TargetTransform;
  readonly numIterations: number;
  readonly learningRate: number;
  readonly numLeaves: number;
  readonly maxDepth: number;
  readonly minDataInLeaf: number;
  readonly minSumHessianInLeaf: number;
  readonly lambdaL2: number;
  readonly minGainToSplit: number;
  /** Share of features drawn (without replacement) for each tree. */
  readonly featureFraction: number;
  /** Share of rows drawn for the bag, every baggingFreq iterations (0 disables). */
  readonly baggingFraction: number;
  readonly baggingFreq: number;
  /** Stop when the validation metric has not improved for this many rounds (0: never). */
  readonly earlyStoppingRounds: number;
  readonly maxBin: number;
  readonly seed: number;
  /**
   * How categorical features split (split.ts): 'set' is LightGBM's category sets, 'ordered'
   * one threshold on label-ordered codes. 'ordered' is the default: as accurate on the
   * benchmarks and its ONNX graph runs about twice as fast (docs/benchmarks.md).
   */
  readonly categoricalSplit: CategoricalSplit;
}

/** Labeled rows. */
export interface LabeledData {
  readonly data: Dataset;
  readonly label: Float64Array;
}

export interface TrainResult {
  readonly model: GbdtModel;
  /** Number of trees kept: the best validation iteration when early stopping ran. */
  readonly bestIteration: number;
  /** Validation metric (the loss's own, on raw scores) after each iteration. */
  readonly validHistory: readonly number[];
}

/** Trains a gradient-boosted tree ensemble; deterministic for a given seed. */
export function train(
  trainSet: LabeledData,
  params: Partial<TrainParams> & { objective: Objective },
  valid?: LabeledData,
): TrainResult {
  const p: TrainParams = { ...DEFAULT_PARAMS, targetTransform: 'none', categoricalSplit: 'ordered', ...params };
  const loss = lossFor(p.objective);
  const y = transformTarget(trainSet.label, p.targetTransform);
  const n = y.length;
  if (n !== rowCount(trainSet.data)) throw new RangeError('label and data have different lengths');
  const mappers = fitBins(trainSet.data, p.maxBin, p.seed, y);
  const binned = applyBins(trainSet.data, mappers);
  const F = mappers.length;
  const grower = new TreeGrower(binned, mappers, {
    numLeaves: p.numLeaves,
    maxDepth: p.maxDepth,
    minDataInLeaf: p.minDataInLeaf,
    minSumHessianInLeaf: p.minSumHessianInLeaf,
    lambdaL2: p.lambdaL2,
    minGainToSplit: p.minGainToSplit,
    categoricalSplit: p.categoricalSplit,
  });
  const init = loss.initScore(y);
  const score = new Float64Array(n).fill(init);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const vy = valid ? transformTarget(valid.label, p.targetTransform) : null;
  const vBinned = valid ? applyBins(valid.data, mappers) : null;
  const vScore = vy ? new Float64Array(vy.length).fill(init) : null;
  const rng = createRng(p.seed);
  const bagging = p.baggingFraction < 1 && p.baggingFreq > 0;
  let bag = allRows(n);
  const inBag = new Uint8Array(n).fill(1);
  const rows = new Uint32Array(n);
  const allowed = new Uint8Array(F);
  const trees: TrainTree[] = [];
  const history: number[] = [];
  let best = Infinity;
  let bestIteration = 0;
  for (let it = 0; it < p.numIterations; it++) {
    loss.gradients(y, score, grad, hess);
    if (bagging && it % p.baggingFreq === 0) {
      bag = sampleIndices(n, Math.max(1, Math.round(n * p.baggingFraction)), rng);
      inBag.fill(0);
      for (const r of bag) inBag[r] = 1;
    }
    chooseFeatures(allowed, p.featureFraction, rng);
    const bagRows = rows.subarray(0, bag.length);
    bagRows.set(bag);
    const grown = grower.grow(grad, hess, bagRows, allowed, p.learningRate, loss.constantHessian);
    if (grown === null) break; // no leaf can be split any more: further trees would be empty
    const { tree, leaves } = grown;
    trees.push(tree);
    for (let l = 0; l < tree.leafValue.length; l++) {
      const v = tree.leafValue[l]!;
      for (let i = leaves.leafStart[l]!; i < leaves.leafEnd[l]!; i++) score[leaves.rows[i]!]! += v;
    }
    if (bagging) {
      for (let r = 0; r < n; r++) {
        if (inBag[r] === 0) score[r]! += tree.leafValue[leafOfBinnedRow(tree, binned.codes, r * binned.stride, mappers)]!;
      }
    }
    if (vy && vBinned && vScore) {
      for (let r = 0; r < vy.length; r++) {
        vScore[r]! += tree.leafValue[leafOfBinnedRow(tree, vBinned.codes, r * vBinned.stride, mappers)]!;
      }
      const metric = loss.evaluate(vy, vScore);
      history.push(metric);
      if (metric < best) {
        best = metric;
        bestIteration = trees.length;
      } else if (p.earlyStoppingRounds > 0 && trees.length - bestIteration >= p.earlyStoppingRounds) break;
    }
  }
  const kept = vy && p.earlyStoppingRounds > 0 ? trees.slice(0, bestIteration) : trees;
  return {
    model: {
      features: modelFeatures(trainSet.data, mappers),
      objective: p.objective,
      targetTransform: p.targetTransform,
      initScore: init,
      trees: toTreeTable(kept, mappers),
    },
    bestIteration: kept.length,
    validHistory: history,
  };
}

/** Applies the target transform (log1p needs labels > -1). */
export function transformTarget(label: Float64Array, transform: TargetTransform): Float64Array {
  if (transform === 'none') return label;
  const out = new Float64Array(label.length);
  for (let i = 0; i < label.length; i++) {
    const v = label[i]!;
    if (!(v > -1)) throw new RangeError(`log1p target needs labels > -1, row ${i} has ${v}`);
    out[i] = Math.log1p(v);
  }
  return out;
}

function allRows(n: number): Uint32Array {
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

/** Marks round(F * fraction) features (at least one) as allowed for the next tree. */
function chooseFeatures(allowed: Uint8Array, fraction: number, rng: () => number): void {
  const F = allowed.length;
  if (fraction >= 1) {
    allowed.fill(1);
    return;
  }
  allowed.fill(0);
  for (const f of sampleIndices(F, Math.max(1, Math.round(F * fraction)), rng)) allowed[f] = 1;
}

function modelFeatures(data: Dataset, mappers: readonly BinMapper[]): ModelFeature[] {
  return data.features.map((f, j) => {
    const m = mappers[j]!;
    return m.kind === 'categorical' ? { name: f.name, kind: f.kind, categories: [...m.categories] } : { name: f.name, kind: f.kind };
  });
}
