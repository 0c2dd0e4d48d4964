import { describe, expect, it } from 'vitest';
import { train } from '../gbdt/boost.ts';
import type { Column, Dataset } from '../dataset.ts';
import type { GbdtModel } from '../gbdt/model.ts';
import { createRng } from '../random.ts';
import type { CategoricalSplit } from '../gbdt/split.ts';
import type { Background, CoalitionGame, FeatureValue } from './coalition-game.ts';
import { kernelShap, treeKernelShap, type KernelShapResult } from './kernel-shap.ts';
import { rowGame } from './row-game.ts';
import { treeBatchModel, treeGame, type MarginTransform } from './tree-coalitions.ts';

// The tree game and the row game add the same leaf values in different orders (per term
// against per tree), and the estimator turns the values into phi by the same arithmetic:
// rounding only, far below 1e-9 of the largest value.
const SAME = 1e-9;
// Efficiency: phi sums to prediction - expected by construction, up to the solve's rounding.
const EFFICIENCY = 1e-6;

const CATS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

/** F features: x0 numeric, x1 numeric with 20% missing, c categorical with missing, the rest numeric noise-ish. */
function synthetic(n: number, F: number, seed: number): { data: Dataset; y: Float64Array } {
  const rng = createRng(seed);
  const columns: Column[] = [];
  const features: Dataset['features'][number][] = [];
  for (let j = 0; j < F; j++) {
    if (j === 2) {
      columns.push(Array.from({ length: n }, () => (rng() < 0.08 ? null : CATS[Math.floor(rng() * CATS.length)]!)));
      features.push({ name: 'c', kind: 'categorical' });
    } else {
      columns.push(Float64Array.from({ length: n }, () => (j === 1 && rng() < 0.2 ? NaN : rng() * 4 - 2)));
      features.push({ name: `x${j}`, kind: 'numeric' });
    }
  }
  const num = (j: number, i: number) => (columns[j] as Float64Array)[i]!;
  const y = Float64Array.from({ length: n }, (_, i) => {
    const c = (columns[2] as (string | null)[])[i];
    const effect = c === null ? 0.7 : [1.5, -1, 0.5, -2, 2, 0, -0.5, 1][CATS.indexOf(c ?? '')]!;
    const x1 = Number.isNaN(num(1, i)) ? 1 : num(1, i);
    let s = 2 * Math.sin(2 * num(0, i)) + x1 * num(0, i) + effect;
    for (let j = 3; j < F; j++) s += (j % 2 ? 0.5 : -0.3) * num(j, i) * (j > 3 ? num(j - 1, i) : 1);
    return s + (rng() - 0.5) * 0.3;
  });
  return { data: { features, columns }, y };
}

interface Case {
  name: string;
  transform: MarginTransform;
  model: GbdtModel;
  data: Dataset;
}

function trained(F: number, objective: 'regression' | 'binary', categoricalSplit: CategoricalSplit, seed: number): { model: GbdtModel; data: Dataset } {
  const { data, y } = synthetic(1500, F, seed);
  // log1p target: a positive price-like label; binary: the label's sign.
  const label = objective === 'binary' ? Float64Array.from(y, (v) => (v > 0.3 ? 1 : 0)) : Float64Array.from(y, (v) => Math.exp(v / 2) * 100);
  const targetTransform = objective === 'binary' ? 'none' : 'log1p';
  const { model } = train({ data, label }, { objective, targetTransform, numIterations: 30, numLeaves: 15, categoricalSplit, seed, earlyStoppingRounds: 0, featureFraction: 0.8 });
  return { model, data };
}

const models = (F: number): Case[] => {
  const log1p = trained(F, 'regression', 'set', 1);
  const binary = trained(F, 'binary', 'ordered', 2);
  return [
    { name: 'log1p target in price units (expm1)', transform: 'expm1', ...log1p },
    { name: 'log1p target on the raw margin (identity)', transform: 'identity', ...log1p },
    { name: 'binary in probabilities (sigmoid)', transform: 'sigmoid', ...binary },
  ];
};

/** Rows `from` .. `from + n` of data as a background, and row r as the explained values; row 0 gets an unseen category. */
function rowsOf(data: Dataset, from: number, n: number): Column[] {
  return data.columns.map((c) => (c instanceof Float64Array ? c.slice(from, from + n) : c.slice(from, from + n)));
}
function rowAt(data: Dataset, r: number): FeatureValue[] {
  return data.columns.map((c) => (c instanceof Float64Array ? c[r]! : r === 0 ? 'unseen' : (c[r] ?? null)));
}

function expectClose(a: KernelShapResult, b: KernelShapResult): void {
  const scale = Math.max(...Array.from(b.phi, Math.abs), Math.abs(b.prediction));
  expect(a.exact).toBe(b.exact);
  expect(a.samplesUsed).toBe(b.samplesUsed);
  expect(Math.abs(a.prediction - b.prediction)).toBeLessThanOrEqual(SAME * scale);
  expect(Math.abs(a.expected - b.expected)).toBeLessThanOrEqual(SAME * scale);
  for (let j = 0; j < a.phi.length; j++) {
    expect(Math.abs(a.phi[j]! - b.phi[j]!)).toBeLessThanOrEqual(SAME * scale);
    expect(Math.abs(a.standardErrors[j]! - b.standardErrors[j]!)).toBeLessThanOrEqual(SAME * scale);
  }
  const sum = a.phi.reduce((s, v) => s + v, 0);
  expect(Math.abs(sum - (a.prediction - a.expected))).toBeLessThanOrEqual(EFFICIENCY * Math.max(Math.abs(a.prediction - a.expected), 1e-12));
}

describe('treeKernelShap', () => {
  for (const c of models(7)) {
    it(`equals KernelSHAP over the tree table's predictions, exact and sampled: ${c.name}`, async () => {
      const weights = Float64Array.from({ length: 40 }, (_, i) => 1 + (i % 3));
      const background: Background = { columns: rowsOf(c.data, 1000, 40), weights };
      const blackBox = treeBatchModel(c.model, c.transform);
      for (const r of [0, 5, 17]) {
        const x = rowAt(c.data, r);
        const exact = await treeKernelShap(c.model, c.transform, x, background);
        expect(exact.exact).toBe(true);
        expectClose(exact, await kernelShap(blackBox, x, background));
        for (const seed of [1, 2]) {
          const options = { maxSamples: 60, seed };
          const sampled = await treeKernelShap(c.model, c.transform, x, background, options);
          expect(sampled.exact).toBe(false);
          expectClose(sampled, await kernelShap(blackBox, x, background, options));
        }
      }
    });
  }
});

/** The n coalitions of M features drawn at random, and the empty and full ones. */
function randomMasks(M: number, n: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  const masks = Uint8Array.from({ length: n * M }, () => (rng() < 0.5 ? 1 : 0));
  masks.fill(0, 0, M);
  masks.fill(1, M, 2 * M);
  return masks;
}

async function expectSameValues(tree: CoalitionGame, rows: CoalitionGame, n: number, seed: number): Promise<void> {
  expect(tree.varying).toEqual(rows.varying);
  const M = tree.varying.length;
  const masks = randomMasks(M, n, seed);
  const a = await tree.values(masks, n);
  const b = await rows.values(masks, n);
  const scale = Math.max(...Array.from(b, Math.abs));
  for (let i = 0; i < n; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(SAME * scale);
  // The empty coalition is the background's mean output, the full one the row's output.
  expect(Math.abs(a[0]! - tree.expected)).toBeLessThanOrEqual(SAME * scale);
  expect(Math.abs(a[1]! - tree.prediction)).toBeLessThanOrEqual(SAME * scale);
}

describe('treeGame', () => {
  for (const c of models(12)) {
    it(`values coalitions as the rows do, from tables and from per-coalition sums: ${c.name}`, async () => {
      const background: Background = { columns: rowsOf(c.data, 700, 25) };
      for (const r of [0, 3]) {
        const x = rowAt(c.data, r);
        const rows = await rowGame(treeBatchModel(c.model, c.transform), x, background);
        for (const tableBits of [16, 4, 0]) await expectSameValues(treeGame(c.model, c.transform, x, background, tableBits)!, rows, 200, r + tableBits);
      }
    });
  }

  it('handles backgrounds where no feature or one feature varies', async () => {
    const { model, data } = trained(5, 'binary', 'set', 5);
    const x = rowAt(data, 9);
    const same = (): Column[] => data.columns.map((c) => (c instanceof Float64Array ? new Float64Array(3).fill(c[9]!) : new Array<string | null>(3).fill(x[2] as string | null)));
    const none: Background = { columns: same() };
    const one: Background = { columns: same().map((c, j) => (j === 0 ? Float64Array.of(-1, 0, 1) : c)) };
    for (const background of [none, one]) {
      const ours = await treeKernelShap(model, 'sigmoid', x, background);
      expectClose(ours, await kernelShap(treeBatchModel(model, 'sigmoid'), x, background));
      expect(Array.from(ours.phi).filter((v) => v !== 0).length).toBeLessThanOrEqual(background === none ? 0 : 1);
    }
  });

  it('leaves games of more than 30 varying features to the row game', async () => {
    const { model, data } = trained(32, 'regression', 'ordered', 3);
    const background: Background = { columns: rowsOf(data, 100, 10) };
    const x = rowAt(data, 7);
    expect(treeGame(model, 'expm1', x, background)).toBeUndefined();
    const options = { maxSamples: 100, seed: 4 };
    expectClose(await treeKernelShap(model, 'expm1', x, background, options), await kernelShap(treeBatchModel(model, 'expm1'), x, background, options));
  });
});
