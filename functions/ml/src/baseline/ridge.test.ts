import { describe, expect, it } from 'vitest';
import type { Dataset } from '../dataset.ts';
import { createRng } from '../random.ts';
import { predictRidge, trainRidge } from './ridge.ts';

function linearSet(n: number, seed: number) {
  const rng = createRng(seed);
  const x = Float64Array.from({ length: n }, () => rng() * 10);
  const z = Float64Array.from({ length: n }, () => (rng() < 0.2 ? NaN : rng()));
  const c = Array.from({ length: n }, () => ['a', 'b', 'c'][Math.floor(rng() * 3)]!);
  const label = Float64Array.from({ length: n }, (_, i) => 2 + 3 * x[i]! + (Number.isNaN(z[i]!) ? 4 : -z[i]!) + (c[i] === 'b' ? 5 : 0));
  const data: Dataset = {
    features: [
      { name: 'x', kind: 'numeric' },
      { name: 'z', kind: 'numeric' },
      { name: 'c', kind: 'categorical' },
    ],
    columns: [x, z, c],
  };
  return { data, label };
}

describe('ridge baseline', () => {
  it('recovers an exact linear relation, missing indicators and one-hot categories, with a tiny penalty', () => {
    const tr = linearSet(500, 1);
    const te = linearSet(100, 2);
    const model = trainRidge(tr, { lambda: 1e-9 });
    const p = predictRidge(model, te.data);
    for (let i = 0; i < p.length; i++) expect(p[i]).toBeCloseTo(te.label[i]!, 5);
  });

  it('shrinks coefficients as the penalty grows, never the intercept', () => {
    const tr = linearSet(500, 3);
    const norm = (l: number) => trainRidge(tr, { lambda: l }).coef.slice(1).reduce((s, v) => s + v * v, 0);
    expect(norm(1000)).toBeLessThan(norm(1));
    const flat = trainRidge(tr, { lambda: 1e12 });
    const mean = tr.label.reduce((s, v) => s + v, 0) / tr.label.length;
    expect(flat.coef[0]).toBeCloseTo(mean, 3);
  });

  it('fits log1p targets and predicts in the original units', () => {
    const rng = createRng(4);
    const x = Float64Array.from({ length: 300 }, () => rng());
    const label = Float64Array.from(x, (v) => Math.expm1(10 + 2 * v));
    const model = trainRidge({ data: { features: [{ name: 'x', kind: 'numeric' }], columns: [x] }, label }, { lambda: 1e-9, targetTransform: 'log1p' });
    const p = predictRidge(model, { features: [{ name: 'x', kind: 'numeric' }], columns: [Float64Array.of(0.5)] });
    expect(p[0]! / Math.expm1(11)).toBeCloseTo(1, 6);
  });

  it('clips predictions to the training targets range', () => {
    const x = Float64Array.of(0, 1, 2, 3);
    const model = trainRidge({ data: { features: [{ name: 'x', kind: 'numeric' }], columns: [x] }, label: Float64Array.of(0, 1, 2, 3) }, { lambda: 1e-9 });
    const p = predictRidge(model, { features: [{ name: 'x', kind: 'numeric' }], columns: [Float64Array.of(1.5, 100, -100)] });
    expect([...p].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([1.5, 3, 0]);
  });
});
