import { datasets } from '@tabular-ct/core';
import { predict, type LabeledData } from '@tabular-ct/ml';
import { describe, expect, it } from 'vitest';
import { selectionMetric } from './evaluation.ts';
import { evenSample, objectiveOf, SAMPLE_GRID, SEARCH_GRID, SEARCH_SAMPLE_ROWS, searchHyperparameters, selectBest, type Trial } from './search.ts';

const trial = (numLeaves: number, validation: number): Trial => ({ candidate: { numLeaves, learningRate: 0.1, minDataInLeaf: 20 }, trees: 10, validation, seconds: 0 });

describe('selectBest', () => {
  it('keeps the lowest validation score', () => {
    expect(selectBest([trial(15, 0.5), trial(31, 0.4), trial(63, 0.45)]).candidate.numLeaves).toBe(31);
  });
  it('keeps the earlier candidate on a tie', () => {
    expect(selectBest([trial(15, 0.4), trial(31, 0.4)]).candidate.numLeaves).toBe(15);
  });
  it('refuses an empty search', () => {
    expect(() => selectBest([])).toThrow(RangeError);
  });
});

describe('the search grid', () => {
  it('has a few distinct configurations', () => {
    expect(SEARCH_GRID.length).toBeGreaterThanOrEqual(3);
    expect(SEARCH_GRID.length).toBeLessThanOrEqual(6);
    expect(new Set(SEARCH_GRID.map((c) => JSON.stringify(c))).size).toBe(SEARCH_GRID.length);
  });
  it('trains what the dataset specification asks for', () => {
    expect(objectiveOf(datasets.realtor)).toEqual({ objective: 'regression', targetTransform: 'log1p' });
    expect(objectiveOf(datasets.diabetes)).toEqual({ objective: 'binary', targetTransform: 'none' });
  });
});

/** Prices that depend on area and a category, with noise; deterministic. */
function synthetic(rows: number, seed: number): LabeledData {
  let s = seed;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const area = Float64Array.from({ length: rows }, () => 30 + rnd() * 300);
  const kind = Array.from({ length: rows }, () => (rnd() < 0.5 ? 'house' : 'flat'));
  const label = Float64Array.from({ length: rows }, (_, i) => 1000 * area[i]! * (kind[i] === 'house' ? 1.5 : 1) * (0.8 + 0.4 * rnd()));
  return { data: { features: [{ name: 'area', kind: 'numeric' }, { name: 'kind', kind: 'categorical' }], columns: [area, kind] }, label };
}

describe('searchHyperparameters', () => {
  const trainSet = synthetic(2_000, 1);
  const validation = synthetic(500, 2);
  const grid = SEARCH_GRID.slice(0, 3);

  it('trains every candidate with early stopping and keeps the one best on validation', () => {
    const result = searchHyperparameters(datasets.realtor, trainSet, validation, grid);
    expect(result.metric).toBe('rmse_log1p');
    expect(result.trials.map((t) => t.candidate)).toEqual(grid);
    expect(result.best.validation).toBe(Math.min(...result.trials.map((t) => t.validation)));
    // The model returned is the best trial's: its validation score is the one recorded.
    expect(selectionMetric(datasets.realtor).metric(validation.label, predict(result.model, validation.data))).toBe(result.best.validation);
    expect(result.model.trees.roots.length).toBe(result.best.trees);
    expect(result.best.trees).toBeLessThan(1000);
  });

  it('gives the same model for the same data (fixed seed)', () => {
    const a = searchHyperparameters(datasets.realtor, trainSet, validation, grid);
    const b = searchHyperparameters(datasets.realtor, trainSet, validation, grid);
    expect(b.trials.map((t) => [t.trees, t.validation])).toEqual(a.trials.map((t) => [t.trees, t.validation]));
  });
});

describe('the search at scale', () => {
  it('samples rows evenly across the whole set, in order, and keeps a small set whole', () => {
    const set = synthetic(1_000, 3);
    const sample = evenSample(set, 100);
    expect(sample.label).toHaveLength(100);
    expect(sample.label[0]).toBe(set.label[0]);
    expect(sample.label[99]).toBe(set.label[990]);
    expect((sample.data.columns[1] as string[])[50]).toBe((set.data.columns[1] as string[])[500]);
    expect(evenSample(set, 5_000)).toBe(set);
  });

  it('compares candidates on a sample past SEARCH_SAMPLE_ROWS, then refits the best on every row', () => {
    const trainSet = synthetic(SEARCH_SAMPLE_ROWS + 20_000, 4);
    const validation = synthetic(5_000, 5);
    const result = searchHyperparameters(datasets.realtor, trainSet, validation);
    expect(result.trials.map((t) => t.candidate)).toEqual(SAMPLE_GRID);
    expect(result.plan).toEqual({ rows: SEARCH_SAMPLE_ROWS, validationRows: 5_000, refit: true });
    // The kept model is the refit: its score on the whole validation split is the one reported.
    expect(result.best.candidate).toEqual(selectBest(result.trials).candidate);
    expect(selectionMetric(datasets.realtor).metric(validation.label, predict(result.model, validation.data))).toBe(result.best.validation);
    expect(result.model.trees.roots.length).toBe(result.best.trees);
  }, 120_000);
});
