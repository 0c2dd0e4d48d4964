import type { DatasetSpec } from '@tabular-ct/core';
import { predict, train, type GbdtModel, type LabeledData, type TrainParams } from '@tabular-ct/ml';
import { selectionMetric } from './evaluation.ts';

/** The hyperparameters the search varies; everything else is fixed in BASE_PARAMS. */
export interface Candidate {
  numLeaves: number;
  learningRate: number;
  minDataInLeaf: number;
}

/**
 * Six configurations: two learning rates times three tree shapes, from small trees with
 * large leaves to large trees with larger leaves still. Leaves (complexity) and leaf size
 * (the regularizer that matters on small or noisy data: realtor's first batches have a few
 * hundred rows, diabetes' labels are noisy) are the knobs that matter most for histogram
 * GBDT on tables of this size; the slower rate gives early stopping a finer grain. The
 * whole grid takes about 9 s on diabetes' 64k cumulative rows (README.md): there is room
 * to grow it, should a benchmark show that more configurations buy accuracy.
 */
export const SEARCH_GRID: readonly Candidate[] = [0.1, 0.03].flatMap((learningRate) => [
  { numLeaves: 15, learningRate, minDataInLeaf: 50 },
  { numLeaves: 31, learningRate, minDataInLeaf: 20 },
  { numLeaves: 63, learningRate, minDataInLeaf: 100 },
]);

/**
 * Fixed for every candidate. Up to 1,000 trees, stopped 30 rounds after the validation loss
 * last improved (the trees kept are those up to the best round). One seed for all runs, so
 * a retry of the same batch trains the same model on the same snapshot.
 */
export const BASE_PARAMS = { numIterations: 1000, earlyStoppingRounds: 30, seed: 20_261_123 } as const;

/** The objective and target transform the dataset's specification asks for. */
export function objectiveOf(spec: DatasetSpec): Pick<TrainParams, 'objective' | 'targetTransform'> {
  return spec.target.task === 'binary'
    ? { objective: 'binary', targetTransform: 'none' }
    : { objective: 'regression', targetTransform: spec.target.transform === 'log1p' ? 'log1p' : 'none' };
}

/** One candidate's outcome: the trees kept and its validation score. */
export interface Trial {
  candidate: Candidate;
  trees: number;
  /** The selection metric on the validation split (lower is better). */
  validation: number;
  seconds: number;
}

export interface SearchResult {
  metric: string;
  trials: Trial[];
  best: Trial;
  model: GbdtModel;
}

/** The trial with the lowest validation score; ties keep the earlier (simpler-first) candidate. */
export function selectBest(trials: readonly Trial[]): Trial {
  let best = trials[0];
  if (!best) throw new RangeError('no trials to choose from');
  for (const t of trials) if (t.validation < best.validation) best = t;
  return best;
}

/**
 * Trains every candidate on the train split with early stopping on the validation split and
 * keeps the best by the selection metric. The kept model is the early-stopped one, not a
 * refit on train + validation: a refit would have no held-out rows to stop on, and its tree
 * count would be a guess.
 */
export function searchHyperparameters(spec: DatasetSpec, trainSet: LabeledData, validation: LabeledData, grid: readonly Candidate[] = SEARCH_GRID): SearchResult {
  const { name, metric } = selectionMetric(spec);
  const models = new Map<Candidate, GbdtModel>();
  const trials = grid.map((candidate): Trial => {
    const started = performance.now();
    const { model, bestIteration } = train(trainSet, { ...objectiveOf(spec), ...BASE_PARAMS, ...candidate }, validation);
    models.set(candidate, model);
    const score = metric(validation.label, predict(model, validation.data));
    return { candidate, trees: bestIteration, validation: score, seconds: (performance.now() - started) / 1000 };
  });
  const best = selectBest(trials);
  return { metric: name, trials, best, model: models.get(best.candidate)! };
}
