import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TrainParams } from './boost.ts';
import { train } from './boost.ts';
import { namedColumns } from '../testing/named-columns.ts';
import { createRng } from '../random.ts';
import { fitBins } from './binning.ts';
import type { SplitInfo } from './split.ts';
import { ROW_ORDER, TREE_ORDER } from './train-buffers.ts';
import { TrainEngine, threadsFor } from './train-engine.ts';

// Enough rows for three threads (threadsFor): 3 x ROWS_PER_TRAIN_THREAD.
const n = 100_000;
const rng = createRng(31);
const x0 = Float64Array.from({ length: n }, () => rng());
const x1 = Float64Array.from({ length: n }, () => (rng() < 0.1 ? NaN : rng()));
const c = Array.from({ length: n }, () => (rng() < 0.05 ? null : `k${Math.floor(rng() * 40)}`));
const data = namedColumns({ x0, x1, c });
const score = Float64Array.from({ length: n }, (_, i) => Math.sin(6 * x0[i]!) + (Number.isNaN(x1[i]!) ? 1 : x1[i]!) + (c[i] === null ? 0 : Number(c[i]!.slice(1)) % 7) / 3);
const regression = { data, label: Float64Array.from(score, (s) => s + rng() - 0.5) };
const binary = { data, label: Float64Array.from(score, (s) => (rng() < 1 / (1 + Math.exp(2 - s)) ? 1 : 0)) };

describe('training on several threads', () => {
  it.each<[string, typeof regression, Partial<TrainParams> & Pick<TrainParams, 'objective'>]>([
    ['regression', regression, { objective: 'regression' }],
    ['regression, bagged, category sets', regression, { objective: 'regression', baggingFraction: 0.7, baggingFreq: 1, featureFraction: 0.67, categoricalSplit: 'set' }],
    ['binary (hessians per row)', binary, { objective: 'binary' }],
  ])('grows the same trees on 1, 2 and 3 threads: %s', (_name, set, params) => {
    const models = [1, 2, 3].map((threads) => train(set, { ...params, numIterations: 6, numLeaves: 31, threads }).model);
    expect(models[0]!.trees.roots.length).toBe(6);
    expect(models[1]).toEqual(models[0]);
    expect(models[2]).toEqual(models[0]);
  });

  it('partitions the same way on two racing threads as on one, split after split', async () => {
    const mappers = fitBins(data, 255, 0, regression.label);
    const engines = [1, 2].map((threads) => new TrainEngine({ rows: n, numFeatures: 3, numericFeatures: 2 }, 255, 'binary', 31, threads));
    try {
      for (const engine of engines) {
        // Binning on two threads fits the same bins and writes the same codes.
        expect(engine.bin(data, 255, 0, regression.label)).toEqual(mappers);
        engine.setGradients(regression.label, binary.label);
      }
      const codes = engines.map((e) => Buffer.from(e.buffers.leaves[ROW_ORDER].codes.buffer));
      expect(Buffer.compare(codes[1]!, codes[0]!)).toBe(0);
      const tree = engines[0]!.buffers.leaves[TREE_ORDER];
      const stride = engines[0]!.buffers.layout.stride;
      const pick = createRng(5);
      // Splits of random ranges of at least PARALLEL_PARTITION_ROWS rows, on every feature.
      for (let k = 0; k < 40; k++) {
        const feature = k % 3;
        const numBins = mappers[feature]!.numBins;
        const leftBins = feature === 2 ? Array.from({ length: numBins }, (_, b) => b).filter(() => pick() < 0.5) : null;
        const thresholdBin = Math.floor(pick() * (numBins - 1));
        const missingLeft = pick() < 0.5;
        const start = Math.floor(pick() * (n - 40_000));
        const end = start + 40_000 + Math.floor(pick() * (n - start - 40_000));
        const goesLeft = (bin: number) => (leftBins ? leftBins.includes(bin) : bin === mappers[feature]!.missingBin ? missingLeft : bin <= thresholdBin);
        let left = 0;
        for (let i = start; i < end; i++) if (goesLeft(tree.codes[i * stride + feature]!)) left++;
        const sums = { g: 0, h: 0, n: 0 };
        const split: SplitInfo = { feature, gain: 1, thresholdBin, missingLeft, leftBins, left: { ...sums, n: left }, right: sums, leftOutput: 0, rightOutput: 0 };
        for (const engine of engines) engine.partition(start, end, split, mappers[feature]!.missingBin);
        const [one, two] = engines.map((e) => e.buffers.leaves[TREE_ORDER]);
        expect(Buffer.compare(Buffer.from(two!.words.buffer), Buffer.from(one!.words.buffer))).toBe(0);
        expect(Buffer.compare(Buffer.from(two!.rows.buffer), Buffer.from(one!.rows.buffer))).toBe(0);
        expect(Buffer.compare(Buffer.from(two!.hess.buffer), Buffer.from(one!.hess.buffer))).toBe(0);
      }
    } finally {
      await Promise.all(engines.map((e) => e.close()));
    }
  });

  it('uses one thread per ROWS_PER_TRAIN_THREAD rows at most, and at least one', () => {
    expect(threadsFor(1000, 4)).toBe(1);
    expect(threadsFor(n, 4)).toBe(3);
    expect(threadsFor(1_084_909, 2)).toBe(2);
    expect(() => train(regression, { objective: 'regression', threads: 0 })).toThrow(RangeError);
  });

  it('leaves no worker behind: a process that trained on two threads exits by itself', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gbdt-threads-'));
    try {
      const script = join(dir, 'train-twice.ts');
      const boost = fileURLToPath(new URL('./boost.ts', import.meta.url));
      writeFileSync(
        script,
        [
          `import { train } from ${JSON.stringify(boost)};`,
          'const x = Float64Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 1000);',
          "const set = { data: { features: [{ name: 'x', kind: 'numeric' as const }], columns: [x] }, label: x.map((v) => v % 3) };",
          "for (let k = 0; k < 2; k++) train(set, { objective: 'regression', numIterations: 3, threads: 2 });",
          "console.log('trained');",
        ].join('\n'),
      );
      const root = fileURLToPath(new URL('../../../..', import.meta.url));
      const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe('trained');
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
