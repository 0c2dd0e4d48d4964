import { kernelShap, predictRaw, treeShap, type Dataset, type FeatureValue } from '@tabular-ct/ml';
import type { Explainer } from './explainer.ts';
import type { ShapOutcome } from './explanation.ts';

/** The explanation method of a version: exact TreeSHAP when it ships its tree table, else KernelSHAP on the graph. */
export const methodOf = (explainer: Explainer): 'tree' | 'kernel' => (explainer.tree ? 'tree' : 'kernel');

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

/** SHAP values of the single row of `data` with the given method. */
export async function explainRow(explainer: Explainer, data: Dataset, method: 'tree' | 'kernel'): Promise<ShapOutcome> {
  if (method === 'tree') {
    const tree = explainer.tree;
    if (!tree) throw new Error(`${explainer.name} version ${explainer.version} has no tree table`);
    const r = treeShap(tree, data);
    return { method, phi: r.phi, base: r.expected, margin: predictRaw(tree, data)[0]!, transform: explainer.transform };
  }
  const r = await kernelShap((columns) => explainer.predict(columns), rowOf(data, 0), await explainer.background(), { seed: KERNEL_SEED });
  return { method, phi: r.phi, base: r.expected, prediction: r.prediction, standardErrors: r.standardErrors, samples: r.samplesUsed, exact: r.exact };
}

/** Row-major SHAP values (rows x features) of every row of `data`, for global importance. */
export async function explainRows(explainer: Explainer, data: Dataset, method: 'tree' | 'kernel'): Promise<Float64Array> {
  if (method === 'tree') {
    if (!explainer.tree) throw new Error(`${explainer.name} version ${explainer.version} has no tree table`);
    return treeShap(explainer.tree, data).phi;
  }
  const F = data.columns.length;
  const n = data.columns[0]?.length ?? 0;
  const background = await explainer.background();
  const phi = new Float64Array(n * F);
  for (let r = 0; r < n; r++) {
    const one = await kernelShap((columns) => explainer.predict(columns), rowOf(data, r), background, { seed: KERNEL_SEED });
    phi.set(one.phi, r * F);
  }
  return phi;
}
