// model_tree.json: a trained GbdtModel as JSON, shipped beside model.onnx so the explain
// function can run exact TreeSHAP (the ONNX graph keeps no node covers, TreeSHAP needs them).
// The format is JSON.stringify of the GbdtModel with every typed array written as a plain
// array, plus a `format` marker so a reader can refuse a file it does not understand.
// JSON has no Infinity or NaN: a non-finite number (the last numeric bin's threshold is
// +Infinity) is written as the string "Infinity", "-Infinity" or "NaN".
import type { GbdtModel, ModelFeature, Objective, TargetTransform } from './model.ts';
import { CAT_WORDS, type TreeTable } from './tree-table.ts';

export const MODEL_JSON_FORMAT = 'tabular-ct.gbdt-model/1';

const NODE_ARRAYS: readonly (keyof TreeTable)[] = ['feature', 'threshold', 'missingLeft', 'catWord', 'left', 'right', 'nodeCount'];
const OBJECTIVES: readonly Objective[] = ['regression', 'huber', 'binary'];
const TRANSFORMS: readonly TargetTransform[] = ['none', 'log1p'];

const finiteOrText = (v: number): number | string => (Number.isFinite(v) ? v : String(v));

/** The model as model_tree.json text. */
export function modelToJson(model: GbdtModel): string {
  const t = model.trees;
  const trees: Record<string, (number | string)[]> = {};
  for (const key of Object.keys(t) as (keyof TreeTable)[]) trees[key] = Array.from(t[key], finiteOrText);
  return JSON.stringify({
    format: MODEL_JSON_FORMAT,
    features: model.features,
    objective: model.objective,
    targetTransform: model.targetTransform,
    initScore: finiteOrText(model.initScore),
    trees,
  });
}

function number(v: unknown, where: string): number {
  if (typeof v === 'number') return v;
  if (v === 'Infinity' || v === '-Infinity' || v === 'NaN') return Number(v);
  throw new TypeError(`${where}: expected a number, got ${JSON.stringify(v)}`);
}

function numbers(v: unknown, where: string): number[] {
  if (!Array.isArray(v)) throw new TypeError(`${where}: expected an array`);
  return v.map((x, i) => number(x, `${where}[${i}]`));
}

function feature(v: unknown, i: number): ModelFeature {
  const f = v as Partial<ModelFeature> | null;
  if (typeof f?.name !== 'string' || (f.kind !== 'numeric' && f.kind !== 'categorical')) throw new TypeError(`features[${i}]: expected {name, kind}`);
  if (f.categories !== undefined && !(Array.isArray(f.categories) && f.categories.every((c) => typeof c === 'string'))) {
    throw new TypeError(`features[${i}].categories: expected strings`);
  }
  return f.categories === undefined ? { name: f.name, kind: f.kind } : { name: f.name, kind: f.kind, categories: f.categories };
}

/**
 * Reads model_tree.json back into a GbdtModel; throws a TypeError or RangeError naming the
 * first field that is missing or inconsistent, so a damaged file never explains anything.
 */
export function modelFromJson(text: string): GbdtModel {
  const doc = JSON.parse(text) as Record<string, unknown>;
  if (doc.format !== MODEL_JSON_FORMAT) throw new TypeError(`format: expected ${MODEL_JSON_FORMAT}, got ${JSON.stringify(doc.format)}`);
  if (!Array.isArray(doc.features)) throw new TypeError('features: expected an array');
  const features = doc.features.map(feature);
  const objective = doc.objective as Objective;
  if (!OBJECTIVES.includes(objective)) throw new TypeError(`objective: unknown ${JSON.stringify(doc.objective)}`);
  const targetTransform = doc.targetTransform as TargetTransform;
  if (!TRANSFORMS.includes(targetTransform)) throw new TypeError(`targetTransform: unknown ${JSON.stringify(doc.targetTransform)}`);
  const raw = (doc.trees ?? {}) as Record<string, unknown>;
  const col = (key: keyof TreeTable) => numbers(raw[key], `trees.${key}`);
  const trees: TreeTable = {
    roots: Int32Array.from(col('roots')),
    feature: Int32Array.from(col('feature')),
    threshold: Float64Array.from(col('threshold')),
    missingLeft: Uint8Array.from(col('missingLeft')),
    catWord: Int32Array.from(col('catWord')),
    catBits: Uint32Array.from(col('catBits')),
    left: Int32Array.from(col('left')),
    right: Int32Array.from(col('right')),
    leafValue: Float64Array.from(col('leafValue')),
    nodeCount: Float64Array.from(col('nodeCount')),
    leafCount: Float64Array.from(col('leafCount')),
  };
  checkTable(trees, features.length);
  return { features, objective, targetTransform, initScore: number(doc.initScore, 'initScore'), trees };
}

/** Node arrays share one length, leaf arrays another, and every reference points inside them. */
function checkTable(t: TreeTable, featureCount: number): void {
  const nodes = t.feature.length;
  const leaves = t.leafValue.length;
  for (const key of NODE_ARRAYS) if (t[key].length !== nodes) throw new RangeError(`trees.${key}: expected ${nodes} entries, got ${t[key].length}`);
  if (t.leafCount.length !== leaves) throw new RangeError(`trees.leafCount: expected ${leaves} entries, got ${t.leafCount.length}`);
  const child = (c: number) => (c >= 0 ? c < nodes : ~c < leaves);
  for (let k = 0; k < t.roots.length; k++) if (!child(t.roots[k]!)) throw new RangeError(`trees.roots[${k}] points outside the table`);
  for (let k = 0; k < nodes; k++) {
    if (!child(t.left[k]!) || !child(t.right[k]!)) throw new RangeError(`trees node ${k}: a child points outside the table`);
    if (t.feature[k]! < 0 || t.feature[k]! >= featureCount) throw new RangeError(`trees.feature[${k}]: no feature ${t.feature[k]}`);
    if (t.catWord[k]! >= 0 && t.catWord[k]! + CAT_WORDS > t.catBits.length) throw new RangeError(`trees.catWord[${k}] points outside catBits`);
  }
}
