import { availableParallelism } from 'node:os';
import { applyBins, type BinMapper } from './binning.ts';
import { DEFAULT_PARAMS, MAX_TRAIN_THREADS } from './constants.ts';
import { type Dataset, rowCount } from '../dataset.ts';
import { type GrowLimits, leafOfBinnedRow, type TrainTree, TreeGrower } from './grow.ts';
import { lossFor } from './loss/loss-for.ts';
import type { GbdtModel, ModelFeature, Objective, TargetTransform } from './model.ts';
import { createRng, sampleIndices } from '../random.ts';
import type { CategoricalSplit } from './split.ts';
import { ROW_ORDER } from './train-buffers.ts';
import { TrainEngine, threadsFor } from './train-engine.ts';
import { toTreeTable } from './tree-table.ts';

/** Training parameters; names and meanings follow LightGBM's. The tree limits are grow.ts's GrowLimits. */
export interface TrainParams extends GrowLimits {
  readonly objective: Objective;
  readonly targetTransform: TargetTransform;
  readonly numIterations: number;
  readonly learningRate: number;
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
  /**
   * Threads that share the work on the rows (histograms, partitions, gradients): the main
   * thread and threads - 1 worker threads, started for the training and stopped after it.
   * Trees are the same for any number; only the time changes. Default: the cores Node sees,
   * at most MAX_TRAIN_THREADS (constants.ts), and never more than one per
   * ROWS_PER_TRAIN_THREAD rows. 1 runs everything on the calling thread, with no workers.
   */
  readonly threads: number;
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

/** Trains a gradient-boosted tree ensemble; deterministic for a given seed, whatever the number of threads. */
export function train(
  trainSet: LabeledData,
  params: Partial<TrainParams> & { objective: Objective },
  valid?: LabeledData,
): TrainResult {
  const p: TrainParams = { ...DEFAULT_PARAMS, targetTransform: 'none', categoricalSplit: 'ordered', threads: Math.min(availableParallelism(), MAX_TRAIN_THREADS), ...params };
  const loss = lossFor(p.objective);
  const y = transformTarget(trainSet.label, p.targetTransform);
  const n = y.length;
  if (n !== rowCount(trainSet.data)) throw new RangeError('label and data have different lengths');
  if (!(p.threads >= 1)) throw new RangeError(`threads must be at least 1, got ${p.threads}`);
  const features = trainSet.data.features;
  const F = features.length;
  const numericFeatures = features.filter((f) => f.kind === 'numeric').length;
  const engine = new TrainEngine({ rows: n, numFeatures: F, numericFeatures }, p.maxBin, p.objective, p.numLeaves, threadsFor(n, p.threads));
  try {
    const mappers = engine.bin(trainSet.data, p.maxBin, p.seed, y);
    const binned = engine.buffers.leaves[ROW_ORDER];
    const grower = new TreeGrower(engine, mappers, p, loss.residual === true);
    const init = loss.initScore(y);
    engine.buffers.label.set(y);
    engine.buffers.score.fill(init);
    const vy = valid ? transformTarget(valid.label, p.targetTransform) : null;
    const vBinned = valid ? applyBins(valid.data, mappers) : null;
    const vScore = vy ? new Float64Array(vy.length).fill(init) : null;
    const rng = createRng(p.seed);
    const bagging = p.baggingFraction < 1 && p.baggingFreq > 0;
    let bag: Uint32Array | null = null;
    const inBag = new Uint8Array(n).fill(1);
    const allowed = new Uint8Array(F);
    const trees: TrainTree[] = [];
    const history: number[] = [];
    let best = Infinity;
    let bestIteration = 0;
    for (let it = 0; it < p.numIterations; it++) {
      if (bagging && it % p.baggingFreq === 0) {
        bag = sampleIndices(n, Math.max(1, Math.round(n * p.baggingFraction)), rng);
        inBag.fill(0);
        for (const r of bag) inBag[r] = 1;
      }
      // Adds the previous tree's values to the scores, then differentiates the loss.
      engine.gradients(bag === null, !grower.carriesRoot(bag));
      chooseFeatures(allowed, p.featureFraction, rng);
      const grown = grower.grow(bag, allowed, p.learningRate);
      if (grown === null) break; // no leaf can be split any more: further trees would be empty
      const { tree, leaves } = grown;
      trees.push(tree);
      engine.assignLeaves(leaves, tree.leafValue, bag ? bag.length : n);
      if (bag) {
        const leafOf = engine.buffers.leafOf;
        for (let r = 0; r < n; r++) if (inBag[r] === 0) leafOf[r] = leafOfBinnedRow(tree, binned.codes, r * engine.buffers.layout.stride, mappers);
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
  } finally {
    // The workers are terminated now, on success or failure; nothing waits for their exit.
    void engine.close();
  }
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
