import { describe, expect, it } from 'vitest';
import { train } from '../gbdt/boost.ts';
import type { Dataset } from '../dataset.ts';
import { namedColumns } from '../testing/named-columns.ts';
import type { GbdtModel } from '../gbdt/model.ts';
import { predictRaw } from '../gbdt/predict.ts';
import { createRng } from '../random.ts';
import type { CategoricalSplit } from '../gbdt/split.ts';
import type { TreeTable } from '../gbdt/tree-table.ts';
import { treeShap } from './tree-shap.ts';

// Efficiency holds to rounding: sum(phi) + expected and the raw margin add the same leaf
// values in different orders, so 1e-9 relative leaves room for ~1e7 ulps.
const EFFICIENCY = 1e-9;
// Brute force and TreeSHAP compute the same Shapley sums by different arithmetic.
const BRUTE = 1e-10;

const CATS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

function synthetic(n: number, seed: number): { data: Dataset; label: Float64Array } {
  const rng = createRng(seed);
  const x0 = new Float64Array(n);
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const c: (string | null)[] = [];
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x0[i] = rng() * 4 - 2;
    x1[i] = rng() + rng() - 1;
    x2[i] = rng() < 0.2 ? NaN : rng() * 10;
    const k = Math.floor(rng() * CATS.length);
    c.push(rng() < 0.05 ? null : CATS[k]!);
    const effect = [1.5, -1, 0.5, -2, 2, 0, -0.5][k]!;
    y[i] = 2 * Math.sin(2 * x0[i]!) + x1[i]! * (x0[i]! > 0 ? 1 : -1) + (Number.isNaN(x2[i]!) ? 1 : Math.log1p(x2[i]!) - 1) + effect + (rng() - 0.5) * 0.3;
  }
  return {
    data: namedColumns({ x0, x1, x2, c }),
    label: y,
  };
}

/** Rows to explain, with missing values, a missing category and one never seen in training. */
function probe(n: number): Dataset {
  const set = synthetic(n, 99).data;
  const c = [...(set.columns[3] as (string | null)[])];
  c[1] = null;
  c[2] = 'unseen';
  const x2 = Float64Array.from(set.columns[2] as Float64Array);
  x2[3] = NaN;
  return { features: set.features, columns: [set.columns[0]!, set.columns[1]!, x2, c] };
}

function encode(model: GbdtModel, data: Dataset, r: number): number[] {
  return model.features.map((f, j) => {
    const v = data.columns[j]![r];
    if (f.kind === 'numeric') return v as number;
    const k = (f.categories ?? []).indexOf(v as string);
    return v === null || k < 0 ? NaN : k;
  });
}

/** Path-dependent value of coalition S: features in S follow the row, others split by cover. */
function pathValue(t: TreeTable, node: number, x: readonly number[], inS: (f: number) => boolean): number {
  if (node < 0) return t.leafValue[~node]!;
  const f = t.feature[node]!;
  const cov = (c: number) => (c >= 0 ? t.nodeCount[c]! : t.leafCount[~c]!);
  if (inS(f)) {
    const v = x[f]!;
    const w = t.catWord[node]!;
    let left: boolean;
    if (w >= 0) left = v >= 0 && ((t.catBits[w + (v >>> 5)]! >>> (v & 31)) & 1) === 1;
    else if (Number.isNaN(v)) left = t.missingLeft[node] === 1;
    else left = v <= t.threshold[node]!;
    return pathValue(t, left ? t.left[node]! : t.right[node]!, x, inS);
  }
  const n = t.nodeCount[node]!;
  return (cov(t.left[node]!) / n) * pathValue(t, t.left[node]!, x, inS) + (cov(t.right[node]!) / n) * pathValue(t, t.right[node]!, x, inS);
}

/** Shapley values by enumerating all 2^M coalitions of the path-dependent value function. */
function bruteForce(model: GbdtModel, x: readonly number[]): Float64Array {
  const M = model.features.length;
  const v = new Float64Array(1 << M);
  for (let s = 0; s < 1 << M; s++) {
    let sum = model.initScore;
    for (const root of model.trees.roots) sum += pathValue(model.trees, root, x, (f) => ((s >> f) & 1) === 1);
    v[s] = sum;
  }
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const phi = new Float64Array(M);
  for (let j = 0; j < M; j++) {
    for (let s = 0; s < 1 << M; s++) {
      if ((s >> j) & 1) continue;
      let size = 0;
      for (let k = 0; k < M; k++) size += (s >> k) & 1;
      phi[j]! += ((fact(size) * fact(M - size - 1)) / fact(M)) * (v[s | (1 << j)]! - v[s]!);
    }
  }
  return phi;
}

describe('treeShap', () => {
  const set = synthetic(2500, 1);
  const rows = probe(60);

  for (const categoricalSplit of ['ordered', 'set'] as CategoricalSplit[]) {
    describe(`${categoricalSplit} categorical splits`, () => {
      const { model } = train(set, { objective: 'regression', categoricalSplit, numIterations: 30, numLeaves: 12, minDataInLeaf: 10 });

      it('is efficient: sum(phi) + expected is the raw margin of every row', () => {
        const raw = predictRaw(model, rows);
        const { phi, expected, features } = treeShap(model, rows);
        for (let r = 0; r < raw.length; r++) {
          let sum = expected;
          for (let j = 0; j < features; j++) sum += phi[r * features + j]!;
          expect(Math.abs(sum - raw[r]!)).toBeLessThanOrEqual(EFFICIENCY * Math.max(1, Math.abs(raw[r]!)));
        }
      });

      it('equals brute-force Shapley values of the path-dependent value function', () => {
        const { model: small } = train(set, { objective: 'regression', categoricalSplit, numIterations: 6, numLeaves: 8, minDataInLeaf: 10 });
        if (categoricalSplit === 'set') expect(small.trees.catWord.some((w) => w >= 0)).toBe(true);
        const { phi } = treeShap(small, rows);
        for (let r = 0; r < 12; r++) {
          const want = bruteForce(small, encode(small, rows, r));
          for (let j = 0; j < 4; j++) expect(Math.abs(phi[r * 4 + j]! - want[j]!)).toBeLessThanOrEqual(BRUTE);
        }
      });
    });
  }

  it('explains the raw margin of a binary model (before the sigmoid)', () => {
    const label = Float64Array.from(set.label, (v) => (v > 0.5 ? 1 : 0));
    const { model } = train({ data: set.data, label }, { objective: 'binary', numIterations: 10, numLeaves: 8 });
    const raw = predictRaw(model, rows);
    const { phi, expected } = treeShap(model, rows);
    const sum = expected + phi[0]! + phi[1]! + phi[2]! + phi[3]!;
    expect(Math.abs(sum - raw[0]!)).toBeLessThanOrEqual(EFFICIENCY);
  });

  it('handles a feature split twice on one path and a single-leaf tree', () => {
    // Tree 0: x0 <= 0 ? (x0 <= -1 ? L0 : L1) : (x1 <= 0 ? L2 : L3); tree 1: one leaf.
    const trees: TreeTable = {
      roots: Int32Array.from([0, ~4]),
      feature: Int32Array.from([0, 0, 1]),
      threshold: Float64Array.from([0, -1, 0]),
      missingLeft: Uint8Array.from([1, 0, 1]),
      catWord: Int32Array.from([-1, -1, -1]),
      catBits: new Uint32Array(0),
      left: Int32Array.from([1, ~0, ~2]),
      right: Int32Array.from([2, ~1, ~3]),
      leafValue: Float64Array.from([1, 2, -3, 5, 0.25]),
      nodeCount: Float64Array.from([100, 40, 60]),
      leafCount: Float64Array.from([10, 30, 45, 15, 100]),
    };
    const model: GbdtModel = {
      features: [
        { name: 'a', kind: 'numeric' },
        { name: 'b', kind: 'numeric' },
      ],
      objective: 'regression',
      targetTransform: 'none',
      initScore: 0.5,
      trees,
    };
    const data: Dataset = { features: model.features, columns: [Float64Array.from([-2, 0.5, NaN]), Float64Array.from([3, -1, NaN])] };
    const { phi, expected } = treeShap(model, data);
    // E = 0.5 + 0.25 + (10*1 + 30*2 + 45*-3 + 15*5) / 100.
    expect(expected).toBeCloseTo(0.75 + 0.1, 12);
    for (let r = 0; r < 3; r++) {
      const want = bruteForce(model, [(data.columns[0] as Float64Array)[r]!, (data.columns[1] as Float64Array)[r]!]);
      expect(Math.abs(phi[2 * r]! - want[0]!)).toBeLessThanOrEqual(BRUTE);
      expect(Math.abs(phi[2 * r + 1]! - want[1]!)).toBeLessThanOrEqual(BRUTE);
    }
  });
});
