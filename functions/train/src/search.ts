import type { DatasetSpec } from '@tabular-ct/core';
import { predict, train, type Column, type GbdtModel, type LabeledData, type Metric, type TrainParams } from '@tabular-ct/ml';
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

/** How the candidates were compared: on every row, or on an evenly spaced sample then refit. */
export interface SearchPlan {
  /** Training rows the candidates were trained on. */
  rows: number;
  /** Validation rows they were scored on. */
  validationRows: number;
  /** Whether the best candidate was trained again on every training row (the model kept). */
  refit: boolean;
}

export interface SearchResult {
  metric: string;
  trials: Trial[];
  best: Trial;
  model: GbdtModel;
  plan: SearchPlan;
}

/**
 * Up to this many training rows, every candidate trains on all of them. Past it (the course's
 * cumulative realtor data reaches 760,000 training rows), candidates train on an evenly spaced
 * sample of this size and are scored on at most SAMPLE_VALIDATION_ROWS validation rows; the
 * best is then trained once on every row, early-stopped on the whole validation split. The
 * search's cost then stops growing with the data, and only the one model kept pays for all
 * of it: six full-size candidates took 421 s of a 461 s training on 1.08 M rows
 * (docs/benchmarks.md, course scale).
 */
export const SEARCH_SAMPLE_ROWS = 100_000;
const SAMPLE_VALIDATION_ROWS = 50_000;

/**
 * The grid searched on a sample: the three tree shapes at the faster learning rate. The refit
 * on every row keeps the rate, and at 0.03 it would run towards the 1,000-tree cap on a
 * million rows (it did, in the course-scale probe); at this size the data, not a finer rate,
 * is what buys accuracy.
 */
export const SAMPLE_GRID: readonly Candidate[] = SEARCH_GRID.filter((c) => c.learningRate === 0.1);

/** Every `rows / n`-th row (all when n >= rows): deterministic, and spread over every batch, as CLEAN keeps batch order. */
export function evenSample(set: LabeledData, n: number): LabeledData {
  const rows = set.label.length;
  if (n >= rows) return set;
  const index = Uint32Array.from({ length: n }, (_, j) => Math.floor((j * rows) / n));
  const pick = (column: Column): Column => (column instanceof Float64Array ? Float64Array.from(index, (i) => column[i]!) : Array.from(index, (i) => column[i] ?? null));
  return { data: { features: set.data.features, columns: set.data.columns.map(pick) }, label: Float64Array.from(index, (i) => set.label[i]!) };
}

/** The trial with the lowest validation score; ties keep the earlier (simpler-first) candidate. */
export function selectBest(trials: readonly Trial[]): Trial {
  let best = trials[0];
  if (!best) throw new RangeError('no trials to choose from');
  for (const t of trials) if (t.validation < best.validation) best = t;
  return best;
}

/** Trains one candidate with early stopping on `validation` and scores it there. */
function runTrial(spec: DatasetSpec, candidate: Candidate, trainSet: LabeledData, validation: LabeledData, metric: Metric) {
  const started = performance.now();
  const { model, bestIteration } = train(trainSet, { ...objectiveOf(spec), ...BASE_PARAMS, ...candidate }, validation);
  const score = metric(validation.label, predict(model, validation.data));
  const trial: Trial = { candidate, trees: bestIteration, validation: score, seconds: (performance.now() - started) / 1000 };
  return { trial, model };
}

/**
 * Trains every candidate on the train split with early stopping on the validation split and
 * keeps the best by the selection metric. The kept model is the early-stopped one, not a
 * refit on train + validation: a refit would have no held-out rows to stop on, and its tree
 * count would be a guess. Past SEARCH_SAMPLE_ROWS training rows the candidates are compared
 * on a sample (SAMPLE_GRID unless a grid is given) and the best is trained again on every
 * row; `best` is then that full-size training, scored on the whole validation split.
 */
export function searchHyperparameters(spec: DatasetSpec, trainSet: LabeledData, validation: LabeledData, grid?: readonly Candidate[]): SearchResult {
  const { name, metric } = selectionMetric(spec);
  const sampled = trainSet.label.length > SEARCH_SAMPLE_ROWS;
  const searchTrain = sampled ? evenSample(trainSet, SEARCH_SAMPLE_ROWS) : trainSet;
  const searchValidation = sampled ? evenSample(validation, SAMPLE_VALIDATION_ROWS) : validation;
  const runs = (grid ?? (sampled ? SAMPLE_GRID : SEARCH_GRID)).map((candidate) => runTrial(spec, candidate, searchTrain, searchValidation, metric));
  const trials = runs.map((r) => r.trial);
  const winner = selectBest(trials);
  const plan = { rows: searchTrain.label.length, validationRows: searchValidation.label.length, refit: sampled };
  if (!sampled) return { metric: name, trials, best: winner, model: runs[trials.indexOf(winner)]!.model, plan };
  const refit = runTrial(spec, winner.candidate, trainSet, validation, metric);
  return { metric: name, trials, best: refit.trial, model: refit.model, plan };
}
