import { AppError } from '@tabular-ct/core';
import { kernelShap, predictRaw, treeBatchModel, treeKernelShap, treeShap, type Background, type Dataset, type FeatureValue, type KernelShapResult } from '@tabular-ct/ml';
import type { Explainer } from './explainer.ts';
import type { ShapOutcome } from './explanation.ts';
import { foldOntoSources, withDerived } from './model-columns.ts';

type Method = 'tree' | 'kernel';

/**
 * The method of a request: the one asked for, else exact TreeSHAP when every version ships
 * its tree table and KernelSHAP otherwise (one method for all, so importances compare).
 * TreeSHAP asked of a version without its tree table is a conflict, not a silent fallback.
 */
export function methodOf(explainers: readonly Explainer[], requested: Method | undefined): Method {
  const without = explainers.find((e) => !e.tree);
  if (requested === 'tree' && without) {
    throw new AppError('conflict', `method 'tree' needs the tree table (model_tree.json), and ${without.name} version ${without.version} ships none: ask for method 'kernel'`);
  }
  return requested ?? (without ? 'kernel' : 'tree');
}

/**
 * Seed of KernelSHAP's coalition sampler: fixed, so the same input explained twice gives the
 * same numbers (the UI must not flicker); realtor's 8 features are enumerated exactly anyway.
 */
const KERNEL_SEED = 0;

/** Row r of a dataset as KernelSHAP's feature values (NaN, null for missing). */
function rowOf(data: Dataset, r: number): FeatureValue[] {
  return data.columns.map((c) => {
    const v = c[r];
    return c instanceof Float64Array ? (v as number) : ((v as string | null | undefined) || null);
  });
}

/**
 * KernelSHAP of the served prediction, the raw inputs being the players. With the tree table,
 * the coalition values come from the trees (the same estimator and coalitions as over the
 * ONNX graph, to the graph's float rounding, and ~60x faster), through their structure when
 * the trees read the raw inputs only, else on coalition rows whose derived features are
 * computed as the graph computes them; without it, from the graph evaluated on coalition rows.
 */
function kernelShapOf(explainer: Explainer, x: FeatureValue[], background: Background): Promise<KernelShapResult> {
  const options = { seed: KERNEL_SEED };
  const { tree, derived, inputs, transform } = explainer;
  if (tree && derived.length === 0) return treeKernelShap(tree, transform, x, background, options);
  if (tree) {
    const margin = treeBatchModel(tree, transform);
    return kernelShap((columns) => margin(withDerived(derived, { features: inputs, columns }).columns), x, background, options);
  }
  return kernelShap((columns) => explainer.predict(columns), x, background, options);
}

/** Exact TreeSHAP of the rows of `data` (raw inputs) reported on the raw inputs, and the raw margin of its first row. */
function treeShapOnInputs(explainer: Explainer, data: Dataset) {
  const tree = explainer.tree;
  if (!tree) throw new Error(`${explainer.name} version ${explainer.version} has no tree table`);
  const full = withDerived(explainer.derived, data);
  const r = treeShap(tree, full);
  return { phi: foldOntoSources(r.phi, explainer.inputs, explainer.derived), expected: r.expected, firstMargin: () => predictRaw(tree, full)[0]! };
}

/** SHAP values of the single row of `data` with the given method. */
export async function explainRow(explainer: Explainer, data: Dataset, method: 'tree' | 'kernel'): Promise<ShapOutcome> {
  if (method === 'tree') {
    const r = treeShapOnInputs(explainer, data);
    return { method, phi: r.phi, base: r.expected, margin: r.firstMargin(), transform: explainer.transform };
  }
  const r = await kernelShapOf(explainer, rowOf(data, 0), await explainer.background());
  return { method, phi: r.phi, base: r.expected, prediction: r.prediction, standardErrors: r.standardErrors, samples: r.samplesUsed, exact: r.exact };
}

/** Row-major SHAP values (rows x features) of every row of `data`, for global importance. */
export async function explainRows(explainer: Explainer, data: Dataset, method: 'tree' | 'kernel'): Promise<Float64Array> {
  if (method === 'tree') return treeShapOnInputs(explainer, data).phi;
  const F = data.columns.length;
  const n = data.columns[0]?.length ?? 0;
  const background = await explainer.background();
  const phi = new Float64Array(n * F);
  for (let r = 0; r < n; r++) {
    const one = await kernelShapOf(explainer, rowOf(data, r), background);
    phi.set(one.phi, r * F);
  }
  return phi;
}
