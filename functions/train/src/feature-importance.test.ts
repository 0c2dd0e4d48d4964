import { train, type LabeledData } from '@tabular-ct/ml';
import { describe, expect, it } from 'vitest';
import { featureImportance } from './feature-importance.ts';

describe('featureImportance', () => {
  // y depends on x only; z is noise the trees should hardly use.
  const n = 1_000;
  const x = Float64Array.from({ length: n }, (_, i) => i % 97);
  const z = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 13);
  const data: LabeledData = {
    data: { features: [{ name: 'z', kind: 'numeric' }, { name: 'x', kind: 'numeric' }], columns: [z, x] },
    label: x.map((v) => v * v),
  };
  const { model } = train(data, { objective: 'regression', numIterations: 20, numLeaves: 7 });
  const uses = featureImportance(model);

  it('counts every split of every tree once, most used feature first', () => {
    expect(uses.reduce((s, u) => s + u.splits, 0)).toBe(model.trees.feature.length);
    expect(uses[0]?.feature).toBe('x');
    expect(uses.map((u) => u.feature).sort()).toEqual(['x', 'z']);
  });

  it('weighs splits by the rows they route: each root covers every training row', () => {
    const roots = model.trees.roots.length;
    expect(uses.find((u) => u.feature === 'x')!.cover).toBeGreaterThanOrEqual(roots * n);
  });
});
