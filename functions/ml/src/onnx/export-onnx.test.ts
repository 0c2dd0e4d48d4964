import onnxProto from 'onnx-proto';
import { parseFeatureSpec } from '@tabular-ct/core';
import { describe, expect, it } from 'vitest';
import { train } from '../gbdt/boost.ts';
import type { Dataset } from '../dataset.ts';
import { createRng } from '../random.ts';
import { exportModelArtifacts } from './artifacts.ts';
import { exportOnnx } from './export-onnx.ts';

// The encoder is checked by decoding with an independent implementation (onnx-proto, the
// protobufjs code generated from onnx.proto).
const { onnx } = onnxProto;

// The decoded messages, with the fields read here (protobufjs fills repeated fields with []).
interface Decoded {
  irVersion: number;
  opsetImport: { domain: string; version: number }[];
  graph: {
    input: { name: string; type: { tensorType: { elemType: number; shape: { dim: unknown[] } } } }[];
    output: { name: string }[];
    node: { opType: string; attribute: Attr[] }[];
  };
}
interface Attr {
  name: string;
  strings: Uint8Array[];
  ints: number[];
  t?: { doubleData: number[] };
}

function fixture() {
  const rng = createRng(31);
  const n = 1500;
  const cats = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  const x = Float64Array.from({ length: n }, () => (rng() < 0.1 ? NaN : rng() * 10));
  const c = Array.from({ length: n }, () => (rng() < 0.05 ? null : cats[Math.floor(rng() * cats.length)]!));
  const label = Float64Array.from({ length: n }, (_, i) => 1000 * (1 + (Number.isNaN(x[i]!) ? 3 : x[i]! / 5) + ('aceg'.includes(c[i] ?? 'z') ? 2 : 0)));
  const data: Dataset = {
    features: [
      { name: 'size', kind: 'numeric' },
      { name: 'kind', kind: 'categorical' },
    ],
    columns: [x, c],
  };
  return train({ data, label }, { objective: 'regression', targetTransform: 'log1p', numIterations: 20, numLeaves: 8, categoricalSplit: 'set' }).model;
}

describe('ONNX export', () => {
  const model = fixture();
  const decoded = onnx.ModelProto.decode(exportOnnx(model)) as unknown as Decoded;
  const graph = decoded.graph;

  it('declares the opsets and one 1-D input per raw column', () => {
    const opsets = Object.fromEntries(decoded.opsetImport.map((o) => [o.domain, Number(o.version)]));
    expect(opsets).toEqual({ '': 20, 'ai.onnx.ml': 4 });
    expect(Number(decoded.irVersion)).toBe(9);
    expect(graph.input.map((i) => [i.name, i.type.tensorType.elemType, i.type.tensorType.shape.dim.length])).toEqual([
      ['size', onnx.TensorProto.DataType.DOUBLE, 1],
      ['kind', onnx.TensorProto.DataType.STRING, 1],
    ]);
    expect(graph.output.map((o) => o.name)).toEqual(['prediction']);
    expect(graph.node.map((n) => n.opType)).toEqual(
      expect.arrayContaining(['LabelEncoder', 'Concat', 'TreeEnsembleRegressor', 'Exp', 'Sub', 'Squeeze']),
    );
  });

  it('writes every leaf, threshold and missing direction of the table, and category sets as threshold chains', () => {
    const trees = graph.node.find((n) => n.opType === 'TreeEnsembleRegressor')!;
    const attr = (name: string) => trees.attribute.find((a) => a.name === name)!;
    const modes = attr('nodes_modes').strings.map((s) => new TextDecoder().decode(s));
    const t = model.trees;
    expect(modes.filter((m) => m === 'LEAF')).toHaveLength(t.leafValue.length);
    const weights = attr('target_weights_as_tensor').t!.doubleData;
    expect([...weights].sort()).toEqual([...t.leafValue].sort());
    const values = attr('nodes_values_as_tensor').t!.doubleData;
    expect(new Set(modes)).toEqual(new Set(['BRANCH_LEQ', 'LEAF']));
    // Numeric thresholds are the table's; category tests sit halfway between codes.
    const numericThresholds = [...t.catWord].map((w, k) => (w < 0 ? t.threshold[k]! : null)).filter((v) => v !== null);
    const halfway = values.filter((v, i) => modes[i] === 'BRANCH_LEQ' && !numericThresholds.includes(v));
    expect(values.filter((v, i) => modes[i] === 'BRANCH_LEQ' && numericThresholds.includes(v)).length).toBeGreaterThanOrEqual(numericThresholds.length);
    expect(halfway.length).toBeGreaterThan(0);
    for (const v of halfway) expect(v - Math.floor(v)).toBe(0.5);
    const missing = attr('nodes_missing_value_tracks_true').ints.map(Number);
    expect(missing.reduce((a, b) => a + b, 0)).toBe([...t.missingLeft].filter((_, k) => t.catWord[k]! < 0).reduce((a, b) => a + b, 0));
    expect(attr('base_values_as_tensor').t!.doubleData[0]).toBe(model.initScore);
  });

  it('writes an MLmodel with the onnx and pyfunc flavors and a feature specification', () => {
    const files = exportModelArtifacts(model, { createdAt: '2026-01-01T00:00:00Z', modelUuid: 'f'.repeat(32) }, { dataset: 'synthetic' });
    expect(files.MLmodel).toContain('loader_module: mlflow.onnx');
    expect(files.MLmodel).toContain('  onnx:\n    code: null\n    data: model.onnx');
    expect(files.MLmodel).toContain('{"dtype":"object","shape":[-1]},"name":"kind"');
    const spec = JSON.parse(files['feature_spec.json']);
    expect(spec.features[1]).toMatchObject({ name: 'kind', dtype: 'string', categories: model.features[1]!.categories });
    expect(spec.dataset).toBe('synthetic');
    expect(parseFeatureSpec(files['feature_spec.json'])).toMatchObject({ ok: true });
    expect(files['python_env.yaml']).toContain('-r requirements.txt');
    // Without derived features nothing is computed in the graph, and there are no rules to ship.
    expect(spec.derived).toEqual([]);
    expect(files).not.toHaveProperty('derived_features.json');
  });

  it("records the logged model's id and ships an input example and its serving request as MLflow writes them", () => {
    const info = { createdAt: '2026-01-01T00:00:00Z', modelUuid: 'f'.repeat(32), modelId: `m-${'f'.repeat(32)}`, inputExample: { kind: 'c', size: Number.NaN } };
    const files = exportModelArtifacts(model, info, { dataset: 'synthetic' });
    expect(files.MLmodel).toContain(`mlflow_version: '3.18.0'\nmodel_id: 'm-${'f'.repeat(32)}'\nmodel_uuid: '${'f'.repeat(32)}'\n`);
    expect(files.MLmodel).toContain(
      'saved_input_example_info:\n  artifact_path: input_example.json\n  pandas_orient: split\n  serving_input_path: serving_input_example.json\n  type: dataframe\nsignature:',
    );
    // The graph's input order, NaN written as null (JSON has no NaN).
    const split = { columns: ['size', 'kind'], data: [[null, 'c']] };
    expect(JSON.parse(files['input_example.json'] as string)).toEqual(split);
    expect(JSON.parse(files['serving_input_example.json'] as string)).toEqual({ dataframe_split: split });
    // Without them the file stays as before: no id, no example.
    const bare = exportModelArtifacts(model, { createdAt: '2026-01-01T00:00:00Z', modelUuid: 'f'.repeat(32) });
    expect(bare.MLmodel).not.toMatch(/model_id|saved_input_example_info/);
    expect(bare).not.toHaveProperty('serving_input_example.json');
  });
});
