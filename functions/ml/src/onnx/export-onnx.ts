import type { DerivedFeature } from '@tabular-ct/core';
import type { GbdtModel } from '../gbdt/model.ts';
import { CAT_WORDS } from '../gbdt/tree-table.ts';
import { derivedNodes, graphInputs, inGraphDerived } from './derived-onnx.ts';
import { DType, encodeModel, type GraphNode, type OnnxModel, type ValueInfo } from './onnx-proto.ts';

/**
 * Opsets of the exported graph: ai.onnx.ml 4 has LabelEncoder with double values (the derived
 * lookups) and still TreeEnsembleRegressor 3 with double thresholds; '' 20 has RegexFullMatch,
 * StringConcat and StringSplit (the derived ranges). Both need IR version 9, which onnx-proto.ts writes.
 */
const OPSETS = { '': 20, 'ai.onnx.ml': 4 } as const;

/** Name of the graph's single output: the prediction in the target's units, [N] double. */
export const PREDICTION_OUTPUT = 'prediction';

/**
 * The ONNX graph of a model: one 1-D input per raw column ([N] double for numeric features,
 * NaN missing; [N] string for text ones, '' missing), one output PREDICTION_OUTPUT ([N]
 * double). 1-D columns are what mlflow.pyfunc feeds from a DataFrame's columns.
 *
 * Categories: a LabelEncoder maps each string to its training code 0..k-1 and anything else
 * ('' and unseen strings) to NaN, cast to double next to the numeric columns. An ordered
 * categorical split is a threshold on the code, NaN routed by nodes_missing_value_tracks_true
 * like a numeric one. A category-set split is exact with thresholds only: the set is cut
 * into runs of consecutive codes [a1, b1], [a2, b2], ... and becomes a chain of BRANCH_LEQ
 * nodes "code <= a1 - 0.5" (out), "code <= b1 + 0.5" (in), "code <= a2 - 0.5" (out), ...
 * whose "in" and "out" branches all point at the same two subtrees; NaN fails every test
 * and ends "out", so missing and unseen categories go right, as in predict.ts. One node
 * mode for the whole ensemble keeps onnxruntime on its fastest path (BRANCH_EQ chains with
 * one test per category ran ~4x slower).
 *
 * Derived features: a model feature named like one of `derived` is computed inside the graph
 * from its source column (derived-onnx.ts), so the graph takes the raw columns only: the
 * model's other features in order, then each source the model does not take itself (text).
 *
 * Numbers: the ensemble takes doubles with double thresholds and leaf weights (the
 * *_as_tensor attributes), so routing equals the TypeScript table's exactly and the sum of
 * the trees is accumulated in double; the ensemble's output is float (opset 3), which costs
 * at most one float rounding (~6e-8 relative) of the raw score before the inverse transform.
 */
export function exportOnnx(model: GbdtModel, derived: readonly DerivedFeature[] = []): Uint8Array {
  const nodes: GraphNode[] = [];
  const inputs: ValueInfo[] = graphInputs(model, derived).map((i) => ({ name: i.name, elemType: i.kind === 'numeric' ? DType.DOUBLE : DType.STRING }));
  const columns: string[] = [];
  const computed = inGraphDerived(model, derived);
  nodes.push({
    opType: 'Constant',
    name: 'axis_1',
    inputs: [],
    outputs: ['axis_1'],
    attributes: { value: { kind: 'tensor', value: { dims: [1], dtype: DType.INT64, values: [1] } } },
  });
  const column = (j: number, from: string) => {
    nodes.push({ opType: 'Unsqueeze', name: `column_${j}`, inputs: [from, 'axis_1'], outputs: [`column_${j}`] });
    columns.push(`column_${j}`);
  };
  model.features.forEach((f, j) => {
    const c = computed.find((x) => x.index === j);
    if (c) {
      nodes.push(...derivedNodes(c, `derived_${j}`));
      column(j, `derived_${j}`);
      return;
    }
    if (f.kind === 'numeric') {
      column(j, f.name);
      return;
    }
    const cats = f.categories ?? [];
    nodes.push({
      opType: 'LabelEncoder',
      domain: 'ai.onnx.ml',
      name: `encode_${j}`,
      inputs: [f.name],
      outputs: [`code_f_${j}`],
      attributes: {
        keys_strings: { kind: 'strings', value: cats },
        values_floats: { kind: 'floats', value: cats.map((_, i) => i) },
        default_float: { kind: 'float', value: NaN },
      },
    });
    nodes.push({ opType: 'Cast', name: `cast_${j}`, inputs: [`code_f_${j}`], outputs: [`code_${j}`], attributes: { to: { kind: 'int', value: DType.DOUBLE } } });
    column(j, `code_${j}`);
  });
  nodes.push({ opType: 'Concat', name: 'features', inputs: columns, outputs: ['X'], attributes: { axis: { kind: 'int', value: 1 } } });
  nodes.push(treeEnsemble(model));
  nodes.push({ opType: 'Cast', name: 'score_double', inputs: ['score'], outputs: ['raw'], attributes: { to: { kind: 'int', value: DType.DOUBLE } } });
  if (model.objective === 'binary') {
    nodes.push({ opType: 'Sigmoid', name: 'probability', inputs: ['raw'], outputs: ['out_2d'] });
  } else if (model.targetTransform === 'log1p') {
    // expm1(raw) as Exp then minus one: prices are large, so the subtraction loses nothing.
    nodes.push({ opType: 'Exp', name: 'exp', inputs: ['raw'], outputs: ['exp_raw'] });
    nodes.push({
      opType: 'Constant',
      name: 'one',
      inputs: [],
      outputs: ['one'],
      attributes: { value: { kind: 'tensor', value: { dims: [], dtype: DType.DOUBLE, values: [1] } } },
    });
    nodes.push({ opType: 'Sub', name: 'expm1', inputs: ['exp_raw', 'one'], outputs: ['out_2d'] });
  } else {
    nodes.push({ opType: 'Identity', name: 'identity', inputs: ['raw'], outputs: ['out_2d'] });
  }
  nodes.push({ opType: 'Squeeze', name: 'rows', inputs: ['out_2d', 'axis_1'], outputs: [PREDICTION_OUTPUT] });
  const onnx: OnnxModel = {
    opsets: OPSETS,
    producerVersion: '0.1.0',
    graphName: 'tabular_ct_gbdt',
    nodes,
    inputs,
    outputs: [{ name: PREDICTION_OUTPUT, elemType: DType.DOUBLE }],
    metadata: { objective: model.objective, target_transform: model.targetTransform },
  };
  return encodeModel(onnx);
}

/** The TreeEnsembleRegressor node of the model's trees. */
function treeEnsemble(model: GbdtModel): GraphNode {
  const t = model.trees;
  const treeIds: number[] = [];
  const nodeIds: number[] = [];
  const featureIds: number[] = [];
  const modes: string[] = [];
  const values: number[] = [];
  const trueIds: number[] = [];
  const falseIds: number[] = [];
  const missingTrue: number[] = [];
  const targetTree: number[] = [];
  const targetNode: number[] = [];
  const targetWeight: number[] = [];
  for (let k = 0; k < t.roots.length; k++) {
    let next = 0;
    const add = (feature: number, mode: string, value: number, missing: number): number => {
      treeIds.push(k);
      nodeIds.push(next);
      featureIds.push(feature);
      modes.push(mode);
      values.push(value);
      trueIds.push(0);
      falseIds.push(0);
      missingTrue.push(missing);
      return next++;
    };
    const setChildren = (id: number, onTrue: number, onFalse: number) => {
      const at = nodeIds.length - next + id;
      trueIds[at] = onTrue;
      falseIds[at] = onFalse;
    };
    const emit = (ref: number): number => {
      if (ref < 0) {
        const id = add(0, 'LEAF', 0, 0);
        targetTree.push(k);
        targetNode.push(id);
        targetWeight.push(t.leafValue[~ref]!);
        return id;
      }
      const f = t.feature[ref]!;
      const w = t.catWord[ref]!;
      if (w < 0) {
        const id = add(f, 'BRANCH_LEQ', t.threshold[ref]!, t.missingLeft[ref]!);
        setChildren(id, emit(t.left[ref]!), emit(t.right[ref]!));
        return id;
      }
      const runs = codeRuns(t.catBits, w);
      // Each run [a, b] needs "<= a - 0.5" (out) unless it starts at code 0, then "<= b + 0.5" (in).
      const tests: { threshold: number; inSet: boolean }[] = [];
      for (const [a, b] of runs) {
        if (a > 0) tests.push({ threshold: a - 0.5, inSet: false });
        tests.push({ threshold: b + 0.5, inSet: true });
      }
      const chain = tests.map((x) => add(f, 'BRANCH_LEQ', x.threshold, 0));
      const inSet = emit(t.left[ref]!);
      const outSet = emit(t.right[ref]!);
      chain.forEach((id, i) => setChildren(id, tests[i]!.inSet ? inSet : outSet, i + 1 < chain.length ? chain[i + 1]! : outSet));
      return chain[0]!;
    };
    emit(t.roots[k]!);
  }
  if (t.roots.length === 0) {
    // No tree (the root could not be split): one leaf of weight 0 keeps the operator valid.
    treeIds.push(0);
    nodeIds.push(0);
    featureIds.push(0);
    modes.push('LEAF');
    values.push(0);
    trueIds.push(0);
    falseIds.push(0);
    missingTrue.push(0);
    targetTree.push(0);
    targetNode.push(0);
    targetWeight.push(0);
  }
  return {
    opType: 'TreeEnsembleRegressor',
    domain: 'ai.onnx.ml',
    name: 'trees',
    inputs: ['X'],
    outputs: ['score'],
    attributes: {
      n_targets: { kind: 'int', value: 1 },
      aggregate_function: { kind: 'string', value: 'SUM' },
      post_transform: { kind: 'string', value: 'NONE' },
      base_values_as_tensor: { kind: 'tensor', value: { dims: [1], dtype: DType.DOUBLE, values: [model.initScore] } },
      nodes_treeids: { kind: 'ints', value: treeIds },
      nodes_nodeids: { kind: 'ints', value: nodeIds },
      nodes_featureids: { kind: 'ints', value: featureIds },
      nodes_modes: { kind: 'strings', value: modes },
      nodes_values_as_tensor: { kind: 'tensor', value: { dims: [values.length], dtype: DType.DOUBLE, values } },
      nodes_truenodeids: { kind: 'ints', value: trueIds },
      nodes_falsenodeids: { kind: 'ints', value: falseIds },
      nodes_missing_value_tracks_true: { kind: 'ints', value: missingTrue },
      target_ids: { kind: 'ints', value: targetTree.map(() => 0) },
      target_treeids: { kind: 'ints', value: targetTree },
      target_nodeids: { kind: 'ints', value: targetNode },
      target_weights_as_tensor: { kind: 'tensor', value: { dims: [targetWeight.length], dtype: DType.DOUBLE, values: targetWeight } },
    },
  };
}

/** Maximal runs [first, last] of consecutive codes whose bit is set in the bitset at word w. */
function codeRuns(bits: Uint32Array, w: number): [number, number][] {
  const runs: [number, number][] = [];
  for (let c = 0; c < CAT_WORDS * 32; c++) {
    if (((bits[w + (c >>> 5)]! >>> (c & 31)) & 1) === 0) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === c - 1) last[1] = c;
    else runs.push([c, c]);
  }
  return runs;
}
