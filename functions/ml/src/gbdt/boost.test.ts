import { describe, expect, it } from 'vitest';
import { train } from './boost.ts';
import type { Dataset } from '../dataset.ts';
import { namedColumns } from '../testing/named-columns.ts';
import { predict, predictRaw } from './predict.ts';
import { createRng } from '../random.ts';

function regressionSet(n: number, seed: number, missingShare = 0) {
  const rng = createRng(seed);
  const x0 = Float64Array.from({ length: n }, () => rng() * 4);
  const x1 = Float64Array.from({ length: n }, () => (rng() < missingShare ? NaN : rng()));
  const label = Float64Array.from({ length: n }, (_, i) => (x0[i]! > 2 ? 3 : 0) + (Number.isNaN(x1[i]!) ? 5 : x1[i]!) + (rng() - 0.5) * 0.1);
  const data = namedColumns({ x0, x1 });
  return { data, label };
}

function rmse(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s / a.length);
}

describe('boosting', () => {
  it('fits a step plus a ramp on held-out rows', () => {
    const tr = regressionSet(2000, 1);
    const te = regressionSet(500, 2);
    const { model } = train(tr, { objective: 'regression', numIterations: 200 });
    expect(rmse(predict(model, te.data), te.label)).toBeLessThan(0.08);
  });

  it('learns where missing values go: the side whose rows they resemble', () => {
    const tr = regressionSet(2000, 3, 0.2);
    const { model } = train(tr, { objective: 'regression', numIterations: 100 });
    const probe: Dataset = { features: tr.data.features, columns: [Float64Array.of(1, 3), Float64Array.of(NaN, NaN)] };
    const p = predict(model, probe);
    // Missing x1 means +5: far above every observed x1 (at most 1).
    expect(p[0]).toBeCloseTo(5, 0);
    expect(p[1]).toBeCloseTo(8, 0);
  });

  it('sends missing values to the larger side when training saw none', () => {
    const rng = createRng(5);
    const x = Float64Array.from({ length: 400 }, () => rng());
    const label = Float64Array.from(x, (v) => (v < 0.8 ? 0 : 1));
    const { model } = train({ data: { features: [{ name: 'x', kind: 'numeric' }], columns: [x] }, label }, { objective: 'regression', numIterations: 1, numLeaves: 2, learningRate: 1 });
    const p = predict(model, { features: [{ name: 'x', kind: 'numeric' }], columns: [Float64Array.of(NaN, 0.1, 0.9)] });
    expect(p[0]).toBeCloseTo(p[1]!, 12);
    expect(p[0]).not.toBeCloseTo(p[2]!, 3);
  });

  it('records how many training rows reach every node and leaf', () => {
    const tr = regressionSet(1000, 18, 0.1);
    const t = train(tr, { objective: 'regression', numIterations: 3 }).model.trees;
    for (const root of t.roots) expect(t.nodeCount[root]).toBe(1000);
    for (let k = 0; k < t.feature.length; k++) {
      const side = (c: number) => (c < 0 ? t.leafCount[~c]! : t.nodeCount[c]!);
      expect(side(t.left[k]!) + side(t.right[k]!)).toBe(t.nodeCount[k]);
      expect(Math.min(side(t.left[k]!), side(t.right[k]!))).toBeGreaterThanOrEqual(20);
    }
  });

  it('stops early when the validation metric stops improving and keeps the best trees', () => {
    const rng = createRng(9);
    const make = (n: number) => {
      const x = Float64Array.from({ length: n }, () => rng());
      return { data: { features: [{ name: 'x', kind: 'numeric' as const }], columns: [x] }, label: Float64Array.from({ length: n }, () => rng()) };
    };
    const res = train(make(1000), { objective: 'regression', numIterations: 500, earlyStoppingRounds: 10, minDataInLeaf: 5 }, make(300));
    expect(res.bestIteration).toBeLessThan(100);
    expect(res.validHistory).toHaveLength(res.bestIteration + 10);
    const best = Math.min(...res.validHistory);
    expect(res.validHistory[res.bestIteration - 1]).toBe(best);
    expect(res.model.trees.roots).toHaveLength(res.bestIteration);
  });

  it('is deterministic for a seed, with row and feature subsampling', () => {
    const tr = regressionSet(1500, 11, 0.1);
    const params = { objective: 'regression' as const, numIterations: 30, baggingFraction: 0.7, baggingFreq: 1, featureFraction: 0.5 };
    const a = train(tr, { ...params, seed: 4 }).model;
    const b = train(tr, { ...params, seed: 4 }).model;
    const c = train(tr, { ...params, seed: 5 }).model;
    expect(a.trees).toEqual(b.trees);
    expect([...predictRaw(a, tr.data)]).toEqual([...predictRaw(b, tr.data)]);
    expect(a.trees.leafValue).not.toEqual(c.trees.leafValue);
  });

  it('draws features per tree and rows per bag', () => {
    const rng = createRng(17);
    const n = 2000;
    const cols = Array.from({ length: 6 }, () => Float64Array.from({ length: n }, () => rng()));
    const label = Float64Array.from({ length: n }, (_, i) => cols.reduce((s, c) => s + c[i]!, 0));
    const data: Dataset = { features: cols.map((_, j) => ({ name: `x${j}`, kind: 'numeric' as const })), columns: cols };
    const { model } = train({ data, label }, { objective: 'regression', numIterations: 20, featureFraction: 0.34, numLeaves: 8 });
    const t = model.trees;
    // Each tree may use only round(6 * 0.34) = 2 features; together the trees use all six.
    const perTree = [...t.roots].map((root) => {
      const used = new Set<number>();
      const walk = (k: number) => {
        if (k < 0) return;
        used.add(t.feature[k]!);
        walk(t.left[k]!);
        walk(t.right[k]!);
      };
      walk(root);
      return used.size;
    });
    expect(Math.max(...perTree)).toBeLessThanOrEqual(2);
    expect(new Set(t.feature).size).toBe(6);
    // Bagging: the leaves of a bagged tree hold only the bag; out-of-bag rows are still scored.
    const bagged = train({ data, label }, { objective: 'regression', numIterations: 1, baggingFraction: 0.5, baggingFreq: 1, minDataInLeaf: 1 });
    const full = train({ data, label }, { objective: 'regression', numIterations: 1, minDataInLeaf: 1 });
    expect(bagged.model.trees.leafValue).not.toEqual(full.model.trees.leafValue);
    expect(rmse(predict(bagged.model, data), label)).toBeLessThan(rmse(Float64Array.from(label).fill(label.reduce((a, b) => a + b) / n), label));
  });

  it('inverts the log1p target transform in predictions', () => {
    const rng = createRng(12);
    const x = Float64Array.from({ length: 800 }, () => rng());
    const label = Float64Array.from(x, (v) => (v < 0.5 ? 100_000 : 900_000) * (0.9 + 0.2 * rng()));
    const data: Dataset = { features: [{ name: 'x', kind: 'numeric' }], columns: [x] };
    const { model } = train({ data, label }, { objective: 'regression', targetTransform: 'log1p', numIterations: 100 });
    const probe: Dataset = { features: data.features, columns: [Float64Array.of(0.2, 0.8)] };
    const p = predict(model, probe);
    const raw = predictRaw(model, probe);
    expect(p[0]).toBeCloseTo(Math.expm1(raw[0]!), 6);
    expect(p[0]! / 100_000).toBeCloseTo(1, 1);
    expect(p[1]! / 900_000).toBeCloseTo(1, 1);
    expect(() => train({ data, label: Float64Array.of(-2) }, { objective: 'regression', targetTransform: 'log1p' })).toThrow(RangeError);
  });

  it('resists outliers with the Huber loss better than with squared error', () => {
    const rng = createRng(13);
    const x = Float64Array.from({ length: 1000 }, () => rng());
    const label = Float64Array.from(x, (v, i) => v + (i % 50 === 0 ? 1000 : 0));
    const data: Dataset = { features: [{ name: 'x', kind: 'numeric' }], columns: [x] };
    const truth = Float64Array.from(x);
    const l2 = predict(train({ data, label }, { objective: 'regression', numIterations: 100 }).model, data);
    const hub = predict(train({ data, label }, { objective: 'huber', numIterations: 100 }).model, data);
    expect(rmse(hub, truth)).toBeLessThan(rmse(l2, truth) / 2);
  });

  it('classifies with the log-loss, giving probabilities', () => {
    const rng = createRng(14);
    const x = Float64Array.from({ length: 2000 }, () => rng());
    const label = Float64Array.from(x, (v) => (rng() < (v > 0.5 ? 0.9 : 0.1) ? 1 : 0));
    const data: Dataset = { features: [{ name: 'x', kind: 'numeric' }], columns: [x] };
    const res = train({ data, label }, { objective: 'binary', numIterations: 50 }, { data, label });
    const p = predict(res.model, { features: data.features, columns: [Float64Array.of(0.2, 0.8)] });
    expect(p[0]).toBeCloseTo(0.1, 1);
    expect(p[1]).toBeCloseTo(0.9, 1);
    expect(res.validHistory[49]).toBeLessThan(res.validHistory[0]!);
  });

  it('splits a categorical feature on a category set; unseen and missing go with the rest', () => {
    const cats = 'abcdefghij'.split('');
    const high = new Set(['a', 'c', 'e', 'g']);
    const rng = createRng(15);
    const c = Array.from({ length: 3000 }, () => cats[Math.floor(rng() * cats.length)]!);
    const label = Float64Array.from(c, (k) => (high.has(k) ? 10 : 0));
    const data: Dataset = { features: [{ name: 'c', kind: 'categorical' }], columns: [c] };
    const { model } = train({ data, label }, { objective: 'regression', numIterations: 1, numLeaves: 2, learningRate: 1, categoricalSplit: 'set' });
    expect(model.trees.catWord[0]).toBe(0);
    const p = predict(model, { features: data.features, columns: [[...cats, 'zzz', null]] });
    const highValue = p[0]!;
    const lowValue = p[1]!;
    expect(highValue - lowValue).toBeGreaterThan(9);
    cats.forEach((k, i) => expect(p[i]).toBe(high.has(k) ? highValue : lowValue));
    expect(p[10]).toBe(lowValue);
    expect(p[11]).toBe(lowValue);
  });

  it('splits ordered categories at a threshold, with the missing side learned', () => {
    const cats = 'abcdefghij'.split('');
    const rng = createRng(16);
    const c = Array.from({ length: 3000 }, () => (rng() < 0.1 ? null : cats[Math.floor(rng() * cats.length)]!));
    // Target rises with the letter; missing behaves like the top letters.
    const label = Float64Array.from(c, (k) => (k === null ? 9 : cats.indexOf(k)) + rng() * 0.1);
    const data: Dataset = { features: [{ name: 'c', kind: 'categorical' }], columns: [c] };
    const { model } = train({ data, label }, { objective: 'regression', numIterations: 50, categoricalSplit: 'ordered' });
    expect([...model.trees.catWord].every((w) => w < 0)).toBe(true);
    const p = predict(model, { features: data.features, columns: [[...cats, null, 'unseen']] });
    for (let i = 0; i < cats.length; i++) expect(p[i]).toBeCloseTo(i, 0);
    expect(p[10]).toBeCloseTo(9, 0);
    expect(p[11]).toBe(p[10]);
  });
});
