import { derivedFromJson, type ModelFeature } from '@tabular-ct/core';
import { predictRaw, summarizeBackground, train, treeShap, type Dataset } from '@tabular-ct/ml';
import { describe, expect, it } from 'vitest';
import { checkTreeFeatures, type Explainer } from './explainer.ts';
import { foldOntoSources, withDerived } from './model-columns.ts';
import { explainRow, explainRows } from './shap-rows.ts';

// A model whose trees read a ZIP code's latitude (derived) beside the ZIP code and a size:
// explanations must still name the two raw inputs only, and add up.
// 300 ZIP codes, two rows each: a category that rare says little, its latitude a lot.
const table = Object.fromEntries(Array.from({ length: 300 }, (_, k) => [String(10_000 + k), 25 + k / 20]));
const stored = derivedFromJson([{ name: 'zip_latitude', source: 'zip', rule: { op: 'lookup', table } }]);
if (!stored.ok) throw new Error(stored.error);
const latitude = stored.value[0]!;
const inputs: ModelFeature[] = [
  { name: 'zip', kind: 'categorical', encoding: 'category' },
  { name: 'size', kind: 'numeric', encoding: 'number' },
];
const zips = [...Object.keys(table), '99999', ''];
const n = 2 * zips.length;
const raw: Dataset = {
  features: inputs.map((f) => ({ name: f.name, kind: f.kind })),
  columns: [Array.from({ length: n }, (_, i) => zips[i % zips.length]!), Float64Array.from({ length: n }, (_, i) => 500 + ((i * 37) % 2000))],
};
const full = withDerived([latitude], raw);
const label = Float64Array.from({ length: n }, (_, i) => {
  const lat = full.columns[2]![i] as number;
  return (Number.isNaN(lat) ? 30 : lat) * 0.05 + (raw.columns[1]![i] as number) / 1000;
});
const { model } = train({ data: full, label }, { objective: 'regression', numIterations: 30, minDataInLeaf: 5 });

const explainer = {
  name: 'm',
  version: '1',
  batchId: undefined,
  inputs,
  derived: [latitude],
  tree: model,
  transform: 'identity',
  predict: () => Promise.reject(new Error('the graph is not used with a tree table')),
  background: async () => summarizeBackground(raw.columns, { size: 20, seed: 1 }),
  release: async () => undefined,
} satisfies Explainer;

const one = (i: number): Dataset => ({ features: raw.features, columns: raw.columns.map((c) => (c instanceof Float64Array ? c.subarray(i, i + 1) : c.slice(i, i + 1))) });

describe('withDerived', () => {
  it("appends each derived feature computed from its source's encoded text, '' read as missing", () => {
    expect(full.features.map((f) => f.name)).toEqual(['zip', 'size', 'zip_latitude']);
    expect(Array.from((full.columns[2] as Float64Array).subarray(0, 2))).toEqual([25, 25.05]);
    expect(Array.from((full.columns[2] as Float64Array).subarray(300, 302))).toEqual([NaN, NaN]);
    expect(withDerived([], raw)).toBe(raw);
  });
});

describe('foldOntoSources', () => {
  it("adds a derived feature's value to its source column's, row by row", () => {
    const phi = Float64Array.from([1, 2, 3, 10, 20, 30]);
    expect(Array.from(foldOntoSources(phi, inputs, [latitude]))).toEqual([4, 2, 40, 20]);
  });
});

describe('explanations of a model with derived features', () => {
  it('TreeSHAP names the raw inputs only and adds up to the margin', async () => {
    // The trees do read the derived feature (its index is 2), or this test would prove nothing.
    expect(Array.from(model.trees.feature)).toContain(2);
    for (const i of [0, 1, 299, 300, 301]) {
      const shap = await explainRow(explainer, one(i), 'tree');
      if (shap.method !== 'tree') throw new Error('expected TreeSHAP');
      expect(shap.phi).toHaveLength(2);
      expect(shap.base + shap.phi[0]! + shap.phi[1]!).toBeCloseTo(predictRaw(model, withDerived([latitude], one(i)))[0]!, 10);
      // The ZIP code's value is its own plus its latitude's, as TreeSHAP gives them on the tree features.
      const onTrees = treeShap(model, withDerived([latitude], one(i))).phi;
      expect(shap.phi[0]).toBeCloseTo(onTrees[0]! + onTrees[2]!, 12);
      expect(shap.margin).toBeCloseTo(shap.base + shap.phi[0]! + shap.phi[1]!, 10);
    }
    expect(await explainRows(explainer, raw, 'tree')).toHaveLength(2 * n);
  });

  it('KernelSHAP plays the raw inputs, computing the derived feature of every coalition row', async () => {
    const x = one(1);
    const shap = await explainRow(explainer, x, 'kernel');
    if (shap.method !== 'kernel') throw new Error('expected KernelSHAP');
    expect(shap.exact).toBe(true);
    // Two players: the exact Shapley values from the coalition values over the background.
    const bg = await explainer.background();
    const v = (zipIn: boolean, sizeIn: boolean): number => {
      const B = bg.columns[0]!.length;
      const cols = [
        Array.from({ length: B }, (_, b) => (zipIn ? (x.columns[0]![0] as string) : (bg.columns[0]![b] as string | null))),
        Float64Array.from({ length: B }, (_, b) => (sizeIn ? (x.columns[1]![0] as number) : (bg.columns[1]![b] as number))),
      ];
      const out = predictRaw(model, withDerived([latitude], { features: raw.features, columns: cols }));
      const w = bg.weights ?? new Float64Array(B).fill(1);
      let sum = 0;
      let total = 0;
      for (let b = 0; b < B; b++) {
        sum += w[b]! * out[b]!;
        total += w[b]!;
      }
      return sum / total;
    };
    const zipPhi = 0.5 * (v(true, false) - v(false, false) + v(true, true) - v(false, true));
    expect(shap.phi[0]).toBeCloseTo(zipPhi, 9);
    expect(shap.base + shap.phi[0]! + shap.phi[1]!).toBeCloseTo(shap.prediction, 9);
  });
});

describe('checkTreeFeatures', () => {
  it('accepts a tree table reading the inputs then the derived features, and refuses any other', () => {
    expect(() => checkTreeFeatures('m v1', model, inputs, [latitude])).not.toThrow();
    expect(() => checkTreeFeatures('m v1', model, inputs, [])).toThrow(/model_tree.json lists other features/);
    const elsewhere = derivedFromJson([{ name: 'zip_latitude', source: 'city', rule: { op: 'lookup', table: {} } }]);
    if (!elsewhere.ok) throw new Error(elsewhere.error);
    expect(() => checkTreeFeatures('m v1', model, inputs, elsewhere.value)).toThrow(/derives zip_latitude from city, which is no text input/);
    const asText = { ...model, features: model.features.map((f) => (f.name === 'zip_latitude' ? { ...f, kind: 'categorical' as const } : f)) };
    expect(() => checkTreeFeatures('m v1', asText, inputs, [latitude])).toThrow(/lists other features/);
  });
});

