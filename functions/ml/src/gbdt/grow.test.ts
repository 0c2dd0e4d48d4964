import { describe, expect, it } from 'vitest';
import { applyBins, fitBins } from './binning.ts';
import type { Dataset } from '../dataset.ts';
import { namedColumns } from '../testing/named-columns.ts';
import type { GrowLimits, TrainTree } from './grow.ts';
import { leafOfBinnedRow, TreeGrower } from './grow.ts';
import { CAT_L2 } from './constants.ts';
import { createRng } from '../random.ts';
import { TrainEngine } from './train-engine.ts';

/** A one-thread engine holding the data's binned rows and the given gradients (hessians kept when `hessians`). */
function engineFor(d: Dataset, g: Float64Array, h: Float64Array, hessians = false): TrainEngine {
  const numericFeatures = d.features.filter((f) => f.kind === 'numeric').length;
  const engine = new TrainEngine({ rows: g.length, numFeatures: d.features.length, numericFeatures }, 255, hessians ? 'binary' : 'regression', 64, 1);
  engine.bin(d, 255, 0);
  engine.setGradients(g, h);
  return engine;
}

const n = 600;
const rng = createRng(21);
const x0 = Float64Array.from({ length: n }, () => rng() * 10);
const x1 = Float64Array.from({ length: n }, () => (rng() < 0.1 ? NaN : rng() * 10));
const data = namedColumns({ x0, x1 });
const grad = Float64Array.from({ length: n }, (_, i) => Math.sin(x0[i]!) + (Number.isNaN(x1[i]!) ? 2 : x1[i]! / 5) + rng() * 0.1);
const hess = new Float64Array(n).fill(1);
const mappers = fitBins(data, 255, 0);
const binned = applyBins(data, mappers);
const base: GrowLimits = { categoricalSplit: 'set', numLeaves: 31, maxDepth: -1, minDataInLeaf: 20, minSumHessianInLeaf: 1e-3, lambdaL2: 0, minGainToSplit: 0 };

function grow(limits: Partial<GrowLimits>, lr = 1, bag: Uint32Array | null = null) {
  const engine = engineFor(data, grad, hess);
  return { engine, ...new TreeGrower(engine, mappers, { ...base, ...limits }).grow(bag, Uint8Array.of(1, 1), lr)! };
}

function depths(tree: TrainTree): number[] {
  const out: number[] = [];
  const walk = (c: number, d: number) => {
    if (c < 0) out[~c] = d;
    else {
      walk(tree.left[c]!, d + 1);
      walk(tree.right[c]!, d + 1);
    }
  };
  walk(0, 0);
  return out;
}

describe('leaf-wise growth', () => {
  it('grows exactly num_leaves leaves when the data allows', () => {
    for (const numLeaves of [2, 7, 31]) expect(grow({ numLeaves, minDataInLeaf: 5 }).tree.leafValue).toHaveLength(numLeaves);
  });

  it('keeps every leaf within max_depth', () => {
    const { tree } = grow({ maxDepth: 3 });
    expect(Math.max(...depths(tree))).toBeLessThanOrEqual(3);
    expect(tree.leafValue.length).toBeLessThanOrEqual(8);
  });

  it('keeps min_data_in_leaf rows in every leaf', () => {
    const { tree } = grow({ minDataInLeaf: 45 });
    for (const c of tree.leafCount) expect(c).toBeGreaterThanOrEqual(45);
  });

  it('stops when min_sum_hessian cannot be met', () => {
    const engine = engineFor(data, grad, hess);
    expect(new TreeGrower(engine, mappers, { ...base, minSumHessianInLeaf: 400 }).grow(null, Uint8Array.of(1, 1), 1)).toBeNull();
  });

  it('partitions the rows: each leaf range is what routing the binned row gives, leaf values are -G/(H+l2) * lr', () => {
    const lambdaL2 = 2;
    const { engine, tree, leaves } = grow({ lambdaL2 }, 0.1);
    expect(leaves[leaves.length - 1]!.end).toBeDefined();
    let covered = 0;
    for (let l = 0; l < tree.leafValue.length; l++) {
      let g = 0;
      let h = 0;
      for (const r of engine.rowsOf(leaves[l]!.start, leaves[l]!.end)) {
        expect(leafOfBinnedRow(tree, binned.codes, r * binned.stride, mappers)).toBe(l);
        g += grad[r]!;
        h += hess[r]!;
        covered++;
      }
      expect(tree.leafValue[l]).toBeCloseTo((-g / (h + lambdaL2)) * 0.1, 10);
      expect(tree.leafCount[l]).toBe(leaves[l]!.end - leaves[l]!.start);
    }
    expect(covered).toBe(n);
  });

  it('splits the leaf with the largest gain first', () => {
    const two = grow({ numLeaves: 2 });
    const three = grow({ numLeaves: 3 }).tree;
    expect(three.feature[0]).toBe(two.tree.feature[0]);
    expect(three.thresholdBin[0]).toBe(two.tree.thresholdBin[0]);
    // The second split is the better of the two children's own best splits.
    const childGain = (l: number) => {
      const rows = two.engine.rowsOf(two.leaves[l]!.start, two.leaves[l]!.end).slice();
      const engine = engineFor(data, grad, hess);
      return new TreeGrower(engine, mappers, { ...base, numLeaves: 2 }).grow(rows, Uint8Array.of(1, 1), 1)?.tree.gain[0] ?? -1;
    };
    expect(three.gain[1]).toBeCloseTo(Math.max(childGain(0), childGain(1)), 10);
  });

  it('partitions thousands of rows (the block path) exactly as routing does, with varying hessians', () => {
    const m = 5000;
    const r2 = createRng(22);
    const a = Float64Array.from({ length: m }, () => r2());
    const b = Array.from({ length: m }, () => (r2() < 0.1 ? null : `k${Math.floor(r2() * 30)}`));
    const big: Dataset = { features: [{ name: 'a', kind: 'numeric' }, { name: 'b', kind: 'categorical' }], columns: [a, b] };
    const g = Float64Array.from({ length: m }, (_, i) => Math.sin(a[i]! * 9) + (b[i] === null ? 1 : Number(b[i]!.slice(1)) % 3) + r2() * 0.1);
    const h = Float64Array.from({ length: m }, () => 0.5 + r2());
    const maps = fitBins(big, 255, 0);
    const bins = applyBins(big, maps);
    const engine = engineFor(big, g, h, true);
    const { tree, leaves } = new TreeGrower(engine, maps, { ...base, minDataInLeaf: 5 }).grow(null, Uint8Array.of(1, 1), 1)!;
    expect(tree.leftBins.some((set) => set !== null)).toBe(true);
    const seen = new Uint8Array(m);
    for (let l = 0; l < tree.leafValue.length; l++) {
      let gs = 0;
      let hs = 0;
      for (const r of engine.rowsOf(leaves[l]!.start, leaves[l]!.end)) {
        seen[r]! += 1;
        expect(leafOfBinnedRow(tree, bins.codes, r * bins.stride, maps)).toBe(l);
        gs += g[r]!;
        hs += h[r]!;
      }
      // A leaf made by a category-set split carries cat_l2 in its denominator.
      const v = tree.leafValue[l]!;
      expect(Math.min(Math.abs(v + gs / hs), Math.abs(v + gs / (hs + CAT_L2)))).toBeLessThan(1e-9);
    }
    expect(seen.every((v) => v === 1)).toBe(true);
  });

  it('carries the root histogram over for residual gradients: the same trees as from the rows', () => {
    // Squared loss on labels -grad: the first gradients are grad, then each tree shifts them.
    const trees = [false, true].map((residual) => {
      const engine = engineFor(data, grad, hess);
      engine.buffers.label.set(grad.map((g) => -g));
      const grower = new TreeGrower(engine, mappers, { ...base, numLeaves: 8 }, residual);
      const grown: TrainTree[] = [];
      for (let t = 0; t < 4; t++) {
        engine.gradients(true, !grower.carriesRoot(null));
        const { tree, leaves } = grower.grow(null, Uint8Array.of(1, 1), 0.3)!;
        engine.assignLeaves(leaves, tree.leafValue, n);
        grown.push(tree);
      }
      return grown;
    });
    for (let t = 0; t < 4; t++) {
      const [fromRows, carried] = [trees[0]![t]!, trees[1]![t]!];
      expect(carried.feature).toEqual(fromRows.feature);
      expect(carried.thresholdBin).toEqual(fromRows.thresholdBin);
      carried.leafValue.forEach((v, l) => expect(v).toBeCloseTo(fromRows.leafValue[l]!, 12));
    }
  });
});
