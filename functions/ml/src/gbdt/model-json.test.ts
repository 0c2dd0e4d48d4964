import { describe, expect, it } from 'vitest';
import { train } from './boost.ts';
import type { Dataset } from '../dataset.ts';
import { MODEL_JSON_FORMAT, modelFromJson, modelToJson } from './model-json.ts';
import { predictRaw } from './predict.ts';
import { treeShap } from '../shap/tree-shap.ts';

function data(rows: number): { data: Dataset; label: Float64Array } {
  const area = Float64Array.from({ length: rows }, (_, i) => (i % 9 === 0 ? NaN : 30 + ((i * 37) % 300)));
  const city = Array.from({ length: rows }, (_, i) => (i % 11 === 0 ? null : `c${(i * 7) % 13}`));
  const label = Float64Array.from({ length: rows }, (_, i) => (Number.isNaN(area[i]!) ? 90 : area[i]!) * (1 + ((i * 7) % 13) / 10) + (i % 5));
  return {
    data: { features: [{ name: 'area', kind: 'numeric' }, { name: 'city', kind: 'categorical' }], columns: [area, city] },
    label,
  };
}

describe('model_tree.json', () => {
  const set = data(600);
  const { model } = train(set, { objective: 'regression', targetTransform: 'log1p', categoricalSplit: 'set', numIterations: 15, minDataInLeaf: 5 });

  it('round-trips a model: same tables, same predictions, same TreeSHAP values', () => {
    expect(model.trees.catWord.some((w) => w >= 0)).toBe(true);
    const back = modelFromJson(modelToJson(model));
    expect(back).toEqual(model);
    expect(back.trees.threshold).toBeInstanceOf(Float64Array);
    expect(back.trees.catBits).toBeInstanceOf(Uint32Array);
    expect(predictRaw(back, set.data)).toEqual(predictRaw(model, set.data));
    expect(treeShap(back, set.data).phi).toEqual(treeShap(model, set.data).phi);
  });

  it('round-trips a model with threshold splits only (no category words)', () => {
    const numeric = { data: { features: [set.data.features[0]!], columns: [set.data.columns[0]!] }, label: set.label };
    const { model: plain } = train(numeric, { objective: 'regression', numIterations: 5, minDataInLeaf: 5 });
    expect(plain.trees.catBits).toHaveLength(0);
    expect(modelFromJson(modelToJson(plain))).toEqual(plain);
  });

  it('is plain JSON: typed arrays as arrays, non-finite numbers as text', () => {
    const threshold = Float64Array.from(model.trees.threshold);
    threshold[0] = Infinity;
    const withInfinity = { ...model, trees: { ...model.trees, threshold } };
    const doc = JSON.parse(modelToJson(withInfinity)) as { format: string; trees: { threshold: unknown[]; roots: unknown } };
    expect(doc.format).toBe(MODEL_JSON_FORMAT);
    expect(Array.isArray(doc.trees.roots)).toBe(true);
    expect(doc.trees.threshold[0]).toBe('Infinity');
    expect(modelFromJson(modelToJson(withInfinity)).trees.threshold[0]).toBe(Infinity);
  });

  it('refuses a file of another format or with a table that points outside itself', () => {
    const doc = JSON.parse(modelToJson(model)) as { format: string; trees: { left: number[] } };
    expect(() => modelFromJson(JSON.stringify({ ...doc, format: 'other/1' }))).toThrow(/format/);
    doc.trees.left[0] = 10_000;
    expect(() => modelFromJson(JSON.stringify(doc))).toThrow(/outside/);
    expect(() => modelFromJson(JSON.stringify({ ...doc, trees: { ...doc.trees, leafCount: [] } }))).toThrow(/leafCount/);
  });
});
