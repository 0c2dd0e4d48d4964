import { datasets, derivedFeatures, derivedFromJson, ok, type DerivedFeature } from '@tabular-ct/core';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import type { GbdtModel, ModelFeature } from '../gbdt/model.ts';
import { exportModelArtifacts } from './artifacts.ts';
import { graphInputs, integerParts, rangesPatterns } from './derived-onnx.ts';
import { exportOnnx } from './export-onnx.ts';
import { featureSpecFile } from './feature-spec.ts';
import { allTexts } from '../testing/all-texts.ts';

// What onnxruntime computes from these graphs is compared with the TypeScript rules in
// functions/platform/src/onnx/derived-parity.test.ts (only platform may load onnxruntime);
// here: the patterns and tables against the rules, and the graph's shape.
const { onnx } = onnxProto;

interface Decoded {
  graph: {
    input: { name: string; type: { tensorType: { elemType: number } } }[];
    node: { opType: string; domain: string; input: string[]; attribute: { name: string; s: Uint8Array; t?: { dataType: number; dims: number[]; doubleData: number[] } }[] }[];
  };
}

const zips = { latitude: new Map([['00601', 18.18], ['10001', 40.75]]), longitude: new Map([['00601', -66.75], ['10001', -74]]) };

// Training listings, so that the comparables have tables to compile: one per ZIP code, log prices 11, 12, ...
const listings = [...zips.latitude.keys()].map((zip, i) => ({ features: { zip_code: zip, street: String(i) }, target: 11 + i }));

async function resolved(name: 'diabetes' | 'realtor'): Promise<DerivedFeature[]> {
  const out = await derivedFeatures(datasets[name], { loadZips: async () => ok(zips), train: listings });
  if (!out.ok) throw new Error(out.error);
  return out.value.features;
}

/** A model without trees over `features`: the graph around the trees is what is looked at. */
const constantModel = (features: readonly ModelFeature[]): GbdtModel => ({
  features,
  objective: 'regression',
  targetTransform: 'none',
  initScore: 1,
  trees: {
    roots: new Int32Array(0),
    feature: new Int32Array(0),
    threshold: new Float64Array(0),
    missingLeft: new Uint8Array(0),
    catWord: new Int32Array(0),
    catBits: new Uint32Array(0),
    left: new Int32Array(0),
    right: new Int32Array(0),
    leafValue: new Float64Array(0),
    nodeCount: new Float64Array(0),
    leafCount: new Float64Array(0),
  },
});

/** A pattern as a JavaScript RegExp over the whole text (the patterns use RE2's (?s:.*), which JavaScript spells [\s\S]*). */
const fullMatch = (pattern: string) => new RegExp(`^(?:${pattern.replaceAll('(?s:.*)', '[\\s\\S]*')})$`);

describe('ranges rules in the graph', () => {
  it('classify every short text as the ICD-9 chapter rule does', async () => {
    const d = (await resolved('diabetes'))[0]!;
    if (d.rule.op !== 'ranges') throw new Error('expected a ranges rule');
    const p = rangesPatterns(d.rule.otherPrefixes);
    const numeric = fullMatch(p.numeric);
    const prefixed = fullMatch(p.prefixed!);
    const groupOf = new Map(integerParts(d.rule.groups).map((w) => [w.text, w.group?.name ?? 'other']));
    // As the graph reads a code: numeric ones by the text before the first '.', then prefixed ones.
    const classify = (text: string): string | null => (numeric.test(text) ? groupOf.get(text.split('.')[0]!)! : prefixed.test(text) ? 'other' : null);
    const texts = [
      ...allTexts([...'0123456789'], 4),
      ...allTexts([...'0123456789'], 3).flatMap((t) => [`${t}.`, `${t}.7`, `${t}.x`, `${t}\n`]),
      ...allTexts(['0', '2', '5', '9', '.', 'V', 'E', 'v', '\n', 'é'], 5),
    ];
    const wrong = texts.filter((t) => classify(t) !== d.compute({ [d.source]: t }));
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(p.prefixed).toBe('(?:V|E)[0-9](?s:.*)');
  });

  it('count leading zeros, give each integer part its first group, and quote the prefixes', () => {
    const parts = integerParts([{ name: 'low', ranges: [[0, 8]] }, { name: 'shadowed', ranges: [[3, 4]] }, { name: 'mid', ranges: [[9, 120]] }]);
    expect(parts).toHaveLength(1110);
    const group = new Map(parts.map((w) => [w.text, w.group?.name]));
    expect(['0', '8', '08', '008', '000', '3'].map((t) => group.get(t))).toEqual(['low', 'low', 'low', 'low', 'low', 'low']);
    expect(['9', '09', '120', '121', '999'].map((t) => group.get(t))).toEqual(['mid', 'mid', 'mid', undefined, undefined]);
    const prefixed = fullMatch(rangesPatterns(['V.', 'a|b']).prefixed!);
    expect(['V.5', 'a|b7', 'V.5\nrest'].every((t) => prefixed.test(t))).toBe(true);
    expect(['Vx5', 'a5', 'V.', 'b7'].some((t) => prefixed.test(t))).toBe(false);
    expect(rangesPatterns([]).prefixed).toBeNull();
  });
});

describe('a graph with derived features', () => {
  const categories = ['other', 'circulatory', 'diabetes'];

  it('takes the raw columns only: the other features in order, then the sources the model does not take', async () => {
    const derived = [...(await resolved('diabetes')), ...(await resolved('realtor'))];
    const model = constantModel([
      { name: 'diag_1_chapter', kind: 'categorical', categories },
      { name: 'size', kind: 'numeric' },
      { name: 'age_years', kind: 'numeric' },
      { name: 'zip_latitude', kind: 'numeric' },
      { name: 'zip_code', kind: 'categorical', categories: ['00601'] },
    ]);
    const graph = (onnx.ModelProto.decode(exportOnnx(model, derived)) as unknown as Decoded).graph;
    const { STRING, DOUBLE } = onnx.TensorProto.DataType;
    expect(graph.input.map((i) => [i.name, i.type.tensorType.elemType])).toEqual([['size', DOUBLE], ['zip_code', STRING], ['diag_1', STRING], ['age', STRING]]);
    expect(graphInputs(model, derived).map((i) => i.name)).toEqual(['size', 'zip_code', 'diag_1', 'age']);
    const lookups = graph.node.filter((n) => n.opType === 'LabelEncoder' && n.attribute.some((a) => a.name === 'values_tensor'));
    expect(lookups.map((n) => n.input[0])).toEqual([expect.stringContaining('whole'), 'age', 'zip_code']);
    for (const n of lookups) {
      const def = n.attribute.find((a) => a.name === 'default_tensor')!.t!;
      expect([def.dataType, def.doubleData.length, Number.isNaN(def.doubleData[0])]).toEqual([DOUBLE, 1, true]);
    }
    // The chapter: numeric codes by their integer part's group, V and E codes 'other'.
    const regexes = graph.node.filter((n) => n.opType === 'RegexFullMatch');
    expect(regexes.map((n) => n.input[0])).toEqual(['diag_1', 'diag_1']);
    const chapter = graph.node.find((n) => n.opType === 'LabelEncoder' && n.input[0] !== 'age' && n.input[0] !== 'zip_code' && n.attribute.some((a) => a.name === 'values_tensor'))!;
    const codes = chapter.attribute.find((a) => a.name === 'values_tensor')!.t!.doubleData;
    expect(codes).toHaveLength(1110);
    // 'other' is code 0, 'circulatory' 1, 'diabetes' 2, any other chapter is not a category (NaN).
    expect(new Set(codes.map((x) => (Number.isNaN(x) ? 'NaN' : x)))).toEqual(new Set([0, 1, 2, 'NaN']));
    expect(graph.node.filter((n) => n.opType === 'Where')).toHaveLength(2);
  });

  it('refuses a derived feature the graph cannot compute as the model takes it', async () => {
    const [chapter] = await resolved('diabetes');
    expect(() => exportOnnx(constantModel([{ name: 'diag_1_chapter', kind: 'numeric' }]), [chapter!])).toThrow(/categorical/);
    expect(() => exportOnnx(constantModel([{ name: 'diag_1_chapter', kind: 'categorical', categories }, { name: 'diag_1', kind: 'numeric' }]), [chapter!])).toThrow(/numeric/);
    const chained = { ...chapter!, name: 'chained', source: 'diag_1_chapter' };
    expect(() => exportOnnx(constantModel([{ name: 'chained', kind: 'categorical', categories }]), [chapter!, chained])).toThrow(/another derived feature/);
  });

  it('lists the inputs and the computed features in the feature specification, MLmodel and derived_features.json', async () => {
    const derived = await resolved('diabetes');
    const model = constantModel([
      { name: 'size', kind: 'numeric' },
      { name: 'diag_1_chapter', kind: 'categorical', categories },
      { name: 'age_years', kind: 'numeric' },
    ]);
    const spec = featureSpecFile(model, derived);
    expect(spec.features).toEqual([
      { name: 'size', kind: 'numeric', dtype: 'float64', missing: 'NaN' },
      { name: 'diag_1', kind: 'categorical', dtype: 'string', missing: "'' (empty string)", derivedOnly: ['diag_1_chapter'] },
      { name: 'age', kind: 'categorical', dtype: 'string', missing: "'' (empty string)", derivedOnly: ['age_years'] },
    ]);
    expect(spec.derived).toEqual([
      { name: 'diag_1_chapter', kind: 'categorical', source: 'diag_1', op: 'ranges', categories },
      { name: 'age_years', kind: 'numeric', source: 'age', op: 'lookup' },
    ]);
    const files = exportModelArtifacts(model, { createdAt: '2026-01-01T00:00:00Z', modelUuid: 'd'.repeat(32) }, {}, derived);
    const signature = /inputs: '(.*)'\n/.exec(files.MLmodel)![1]!;
    expect((JSON.parse(signature) as { name: string }[]).map((s) => s.name)).toEqual(['size', 'diag_1', 'age']);
    const back = derivedFromJson(JSON.parse(files['derived_features.json'] as string));
    expect(back.ok && back.value.map((d) => d.name)).toEqual(derived.map((d) => d.name));
    expect(back.ok && back.value[3]!.compute({ age: '[70-80)' })).toBe(70);
    expect((files['derived_features.json'] as string).endsWith('}\n]\n')).toBe(true);
  });
});
