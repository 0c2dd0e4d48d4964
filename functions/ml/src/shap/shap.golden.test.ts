// Agreement with Python shap on functions/ml/fixtures/shap.json
// (regenerate: .cache/venv/bin/python python/golden/make_shap_fixtures.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../dataset.ts';
import type { GbdtModel } from '../gbdt/model.ts';
import { predictRaw } from '../gbdt/predict.ts';
import type { TreeTable } from '../gbdt/tree-table.ts';
import type { BatchModel } from './row-game.ts';
import { kernelShap, treeKernelShap } from './kernel-shap.ts';
import { treeShap } from './tree-shap.ts';

type Num = number | null;
interface KernelCase {
  name: 'formula6' | 'formula10' | 'tree';
  background: Num[][];
  weights: number[];
  x: Num[][];
  nsamples: number;
  phi: number[][];
  expected: number;
  sampledBudget?: number;
  shapSampled?: number[][];
}
interface Fixture {
  shap: string;
  tree: {
    model: {
      features: string[];
      initScore: number;
      trees: Record<'roots' | 'feature' | 'threshold' | 'missingLeft' | 'left' | 'right' | 'leafValue' | 'nodeCount' | 'leafCount', number[]>;
      rows: Num[][];
    };
    phi: number[][];
    expected: number;
  };
  kernel: KernelCase[];
  /** TreeExplainer(feature_perturbation='interventional') of the raw margin, rows and background of the kernel case 'tree'. */
  interventional: { phi: number[][]; expected: number };
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/shap.json', import.meta.url), 'utf8')) as Fixture;

// Both sides compute exact values in float64 by different summation orders (shap's C++
// TreeSHAP, numpy's solve of the same normal equations): 1e-9 of the values' scale leaves
// ample room for rounding and would catch any difference of method.
const EXACT = 1e-9;
// shap's interventional TreeExplainer (dense_independent in shap/cext/tree_shap.h) keeps
// thresholds, combinatorial weights and partial sums in float32: its values are exact Shapley
// values to float rounding (~6e-8 relative per operation; 5e-9 of the scale observed), while
// its own KernelExplainer agrees with ours to EXACT. Any difference of method is far larger.
const INTERVENTIONAL = 1e-7;
// Our sampled values against shap's exact ones: within this many of our standard errors
// (12-30 roughly normal errors per case; 4.5 SE is a 1e-5 event each).
const SAMPLED_SE = 4.5;

const num = (v: Num) => (v === null ? NaN : v);

function ourModel(): GbdtModel {
  const m = fixture.tree.model;
  const t = m.trees;
  const nodes = t.feature.length;
  const trees: TreeTable = {
    roots: Int32Array.from(t.roots),
    feature: Int32Array.from(t.feature),
    threshold: Float64Array.from(t.threshold),
    missingLeft: Uint8Array.from(t.missingLeft),
    catWord: new Int32Array(nodes).fill(-1),
    catBits: new Uint32Array(0),
    left: Int32Array.from(t.left),
    right: Int32Array.from(t.right),
    leafValue: Float64Array.from(t.leafValue),
    nodeCount: Float64Array.from(t.nodeCount),
    leafCount: Float64Array.from(t.leafCount),
  };
  const features = m.features.map((name) => ({ name, kind: 'numeric' as const }));
  return { features, objective: 'regression', targetTransform: 'none', initScore: m.initScore, trees };
}

const model = ourModel();

/** Row-major rows (null: missing) as one Float64Array per feature. */
function columns(rows: Num[][]): Float64Array[] {
  const F = rows[0]!.length;
  return Array.from({ length: F }, (_, j) => Float64Array.from(rows, (r) => num(r[j]!)));
}

// The closed formulas of make_shap_fixtures.py, term for term.
const COEF10 = [2.0, -0.5, 0.5, -2.0, 2.0, -0.5, 0.5, -2.0, 2.0, -0.5];
const functions: Record<KernelCase['name'], BatchModel> = {
  formula6: (cols) => {
    const [a, b, c, d, e, g] = cols as Float64Array[] as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    return Float64Array.from(a, (_, i) => 1.5 * a[i]! - 2 * b[i]! + c[i]! * d[i]! + Math.sin(e[i]!) + 0.5 * Math.max(b[i]!, 0) * e[i]! + 0.3 * a[i]! * g[i]!);
  },
  formula10: (cols) => {
    const X = cols as Float64Array[];
    return Float64Array.from(X[0]!, (_, i) => {
      const x = (j: number) => X[j]![i]!;
      let lin = 0;
      for (let j = 0; j < 10; j++) lin += COEF10[j]! * x(j);
      return lin + x(0) * x(1) * x(2) + Math.sin(3 * x(3) * x(4)) + x(5) * x(6) + Math.exp(0.3 * x(7)) * x(8) + Math.abs(x(9));
    });
  },
  tree: (cols) => predictRaw(model, { features: model.features, columns: cols }),
};

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

function scale(rows: number[][]): number {
  return Math.max(1, ...rows.flat().map(Math.abs));
}

describe(`agreement with shap ${fixture.shap}`, () => {
  it('TreeSHAP equals TreeExplainer (tree_path_dependent) on our trees, missing values included', () => {
    // The exported rows are columns (one list per feature).
    const data: Dataset = { features: model.features, columns: fixture.tree.model.rows.map((col) => Float64Array.from(col, num)) };
    const res = treeShap(model, data);
    const F = res.features;
    expect(Math.abs(res.expected - fixture.tree.expected)).toBeLessThanOrEqual(EXACT * Math.max(1, Math.abs(fixture.tree.expected)));
    let worst = 0;
    fixture.tree.phi.forEach((want, r) => {
      worst = Math.max(worst, maxDiff(res.phi.subarray(r * F, (r + 1) * F), want));
    });
    expect(worst).toBeLessThanOrEqual(EXACT * scale(fixture.tree.phi));
  });

  for (const c of fixture.kernel) {
    const background = { columns: columns(c.background), weights: Float64Array.from(c.weights) };
    const f = functions[c.name];

    it(`KernelSHAP exact regime equals KernelExplainer(l1_reg=False): ${c.name}`, async () => {
      let worst = 0;
      for (const [i, x] of c.x.entries()) {
        const res = await kernelShap(f, x.map(num), background);
        expect(res.exact).toBe(true);
        expect(Math.abs(res.expected - c.expected)).toBeLessThanOrEqual(EXACT * Math.max(1, Math.abs(c.expected)));
        worst = Math.max(worst, maxDiff(res.phi, c.phi[i]!));
      }
      expect(worst).toBeLessThanOrEqual(EXACT * scale(c.phi));
    });

    if (c.sampledBudget !== undefined) {
      it(`KernelSHAP sampled regime is within ${SAMPLED_SE} standard errors of shap's exact values: ${c.name}`, async () => {
        for (const [i, x] of c.x.entries()) {
          const res = await kernelShap(f, x.map(num), background, { maxSamples: c.sampledBudget, threshold: 0, seed: 1 });
          expect(res.exact).toBe(false);
          for (let j = 0; j < x.length; j++) {
            expect(Math.abs(res.phi[j]! - c.phi[i]![j]!)).toBeLessThanOrEqual(SAMPLED_SE * res.standardErrors[j]!);
          }
        }
      });
    }
  }

  it('KernelSHAP from the tree game equals KernelExplainer and interventional TreeExplainer on our trees', async () => {
    const c = fixture.kernel.find((k) => k.name === 'tree')!;
    const background = { columns: columns(c.background), weights: Float64Array.from(c.weights) };
    const want = fixture.interventional;
        let worstKernel = 0;
    let worstInterventional = 0;
    for (const [i, x] of c.x.entries()) {
      const res = await treeKernelShap(model, 'identity', x.map(num), background);
      expect(res.exact).toBe(true);
      expect(Math.abs(res.expected - want.expected)).toBeLessThanOrEqual(INTERVENTIONAL * Math.max(1, Math.abs(want.expected)));
      worstKernel = Math.max(worstKernel, maxDiff(res.phi, c.phi[i]!));
      worstInterventional = Math.max(worstInterventional, maxDiff(res.phi, want.phi[i]!));
    }
    expect(worstKernel).toBeLessThanOrEqual(EXACT * scale(c.phi));
    expect(worstInterventional).toBeLessThanOrEqual(INTERVENTIONAL * scale(want.phi));
  });
});
