/**
 * The explanation rows of the serving benchmark: our TreeSHAP and KernelSHAP against Python
 * shap (bench/shap_reference.py) on the same model, background and rows. bench/serving.ts runs
 * it as a fresh process, as the Python side is: in the process that had just served 20,000
 * predictions our KernelSHAP took 2-3x longer (9.5-12.3 ms against 4.8 ms per row; not yet
 * explained, perhaps the larger heap under its 8 MB of coalition columns per call). Prints one
 * JSON line (ShapTimings).
 *   node --import tsx bench/serving-shap.ts
 * - TreeSHAP: a 300-tree, 31-leaf model of ours on 10 numeric features with missing values
 *   (shap's custom tree format has no category splits, so not the realtor model itself),
 *   200 rows explained in one call on each side.
 * - KernelSHAP: the closed-form 10-feature model of python/golden/make_shap_fixtures.py,
 *   cheap in both languages so the explainer's own cost is compared, background 100, 1022
 *   coalitions (2^10 - 2: exact on both sides, so the coalitions are the same ones), 20 rows.
 *   Then at equal accuracy: each side at 32-768 coalitions over 3 sampler seeds, its error
 *   against its own exact values; per target error, the cheapest budget that reaches it.
 * - KernelSHAP of our tree model: the TreeSHAP model exported to ONNX (ml's exportOnnx),
 *   background 100 rows, 1022 coalitions (exact on both sides), TREE_KERNEL_ROWS rows. shap's
 *   KernelExplainer calls an onnxruntime session on those bytes (one thread); ours computes
 *   the coalition values from the trees (treeKernelShap: the same estimator and coalitions),
 *   and, as a second reference, runs the generic KernelSHAP on an onnxruntime-node session.
 */
import { exportOnnx, kernelShap, train, treeKernelShap, treeShap, type BatchModel, type Dataset } from '@tabular-ct/ml';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOnnxSession } from '../functions/platform/src/onnx/session.ts';
import { shapTreeJson } from './shap-tree-json.ts';

const PYTHON = '.cache/venv/bin/python';
const FEATURES = 10;
const TREE_ROWS = 200;
const BACKGROUND = 100;
const KERNEL_ROWS = 20;
// Each row costs Python 102,200 ONNX rows of 300 trees: a few rows give a stable median.
const TREE_KERNEL_ROWS = 8;
const COALITIONS = 2 ** FEATURES - 2;
const REPEATS = 5;
// Equal accuracy: budgets below exact, each over several sampler seeds, errors against the exact values.
const BUDGETS = [32, 64, 128, 192, 256, 384, 512, 768];
const SEEDS = 3;
// The accuracies at which the two sides are compared: RMS over rows and seeds of |phi - exact| / |exact|.
const TARGET_ERRORS = [2e-2, 1e-2, 5e-3];

/** Time and RMS relative error of one explainer at one budget. */
interface BudgetPoint {
  coalitions: number;
  ms: number;
  rmsError: number;
}

export interface ShapTimings {
  shapVersion: string;
  tree: { oursMs: number; shapMs: number; maxAbsDiff: number };
  kernel: { oursMs: number; shapMs: number; maxAbsDiff: number; coalitions: number; background: number };
  /**
   * KernelSHAP of the tree model (ms per row): ours from the tree game, ours on onnxruntime-node
   * rows, shap on onnxruntime; max |phi difference| of each ONNX side against the tree game.
   */
  treeKernel: { oursMs: number; oursOnnxMs: number; shapMs: number; maxAbsDiff: number; maxAbsDiffOnnx: number; coalitions: number; background: number; rows: number };
  /** For each target error, the cheapest budget (exact included) that reaches it on each side, and its time per row. */
  equalAccuracy: { targetError: number; ours: BudgetPoint; shap: BudgetPoint }[];
}

const relativeError = (phi: Float64Array, exact: Float64Array): number => {
  let num = 0;
  let den = 0;
  for (let j = 0; j < phi.length; j++) {
    num += (phi[j]! - exact[j]!) ** 2;
    den += exact[j]! ** 2;
  }
  return Math.sqrt(num / den);
};

/** The cheapest point (fewest coalitions) whose error is within the target; the exact point always is. */
const cheapest = (points: readonly BudgetPoint[], target: number): BudgetPoint => [...points].sort((a, b) => a.coalitions - b.coalitions).find((p) => p.rmsError <= target)!;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function uniformColumns(n: number, seed: number, nanRate = 0): Float64Array[] {
  const r = lcg(seed);
  const cols = Array.from({ length: FEATURES }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) for (const [j, c] of cols.entries()) c[i] = j === 2 && r() < nanRate ? NaN : r() * 2 - 1;
  return cols;
}

const COEF10 = [2.0, -0.5, 0.5, -2.0, 2.0, -0.5, 0.5, -2.0, 2.0, -0.5];

/** formula10 of make_shap_fixtures.py, on columns (indexed directly: a closure per row cost more than the formula). */
function formula10(columns: readonly (Float64Array | readonly (string | null)[])[]): Float64Array {
  const c = columns as readonly Float64Array[];
  const n = c[0]!.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let lin = 0;
    for (let j = 0; j < FEATURES; j++) lin += COEF10[j]! * c[j]![i]!;
    out[i] = lin + c[0]![i]! * c[1]![i]! * c[2]![i]! + Math.sin(3 * c[3]![i]! * c[4]![i]!) + c[5]![i]! * c[6]![i]! + Math.exp(0.3 * c[7]![i]!) * c[8]![i]! + Math.abs(c[9]![i]!);
  }
  return out;
}

const rowsOf = (cols: readonly Float64Array[], n: number) => Array.from({ length: n }, (_, i) => cols.map((c) => c[i]!));

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function maxAbsDiff(ours: Float64Array, theirs: number[][]): number {
  const flat = theirs.flat();
  let max = 0;
  for (let i = 0; i < ours.length; i++) max = Math.max(max, Math.abs(ours[i]! - flat[i]!));
  return max;
}

/**
 * KernelSHAP of our tree model, exact at 1022 coalitions: by the tree game, and by rows on an
 * onnxruntime-node session of the exported graph (one thread, as the Python side).
 */
async function measureTreeKernel(model: Parameters<typeof exportOnnx>[0]) {
  const onnx = exportOnnx(model);
  const background = uniformColumns(BACKGROUND, 6, 0.15);
  const xs = rowsOf(uniformColumns(TREE_KERNEL_ROWS, 7, 0.15), TREE_KERNEL_ROWS);
  const options = { maxSamples: COALITIONS, threshold: 0 };
  const explainAll = async (explain: (x: number[]) => Promise<{ phi: Float64Array; exact: boolean }>, passes: number) => {
    const phi = new Float64Array(TREE_KERNEL_ROWS * FEATURES);
    const times: number[] = [];
    for (let pass = 0; pass < passes; pass++) for (const [i, x] of xs.entries()) {
      const started = performance.now();
      const result = await explain(x);
      times.push(performance.now() - started);
      if (!result.exact) throw new Error('KernelSHAP was expected to be exact at 2^M - 2 coalitions');
      phi.set(result.phi, i * FEATURES);
    }
    return { phi, times };
  };
  // The model is a regression without target transform: the graph outputs the raw margin.
  const byTree = (x: number[]) => treeKernelShap(model, 'identity', x, { columns: background }, options);
  for (let i = 0; i < 10; i++) await byTree(xs[i % TREE_KERNEL_ROWS]!);
  // Medians over REPEATS passes on our cheap side; one pass where a row costs half a second.
  const tree = await explainAll(byTree, REPEATS);
  const session = await createOnnxSession(onnx, 1);
  try {
    const names = model.features.map((f) => f.name);
    const onnxModel: BatchModel = (columns) => session.run(Object.fromEntries(names.map((name, j) => [name, columns[j] as Float64Array])));
    const byOnnx = (x: number[]) => kernelShap(onnxModel, x, { columns: background }, options);
    await byOnnx(xs[0]!);
    const rows = await explainAll(byOnnx, 1);
    return { onnx, background, xs, phi: tree.phi, times: tree.times, onnxPhi: rows.phi, onnxTimes: rows.times };
  } finally {
    await session.release();
  }
}

/** Times both explainers on our side, then runs the Python helper on the same inputs. */
async function measureShap(): Promise<ShapTimings> {
  // TreeSHAP model: 300 trees of 31 leaves, missing values in x2 (routed by learned defaults).
  const trainCols = uniformColumns(20_000, 1, 0.15);
  const r = lcg(3);
  const label = Float64Array.from({ length: 20_000 }, () => 0);
  const one = (j: number, i: number) => trainCols[j]![i]!;
  for (let i = 0; i < label.length; i++) {
    const c = one(2, i);
    label[i] = 2 * Math.sin(2 * one(0, i)) + one(1, i) * Math.sign(one(0, i)) + (Number.isNaN(c) ? 1 : c * one(3, i)) + 0.3 * one(4, i) + one(5, i) * one(6, i) + (r() - 0.5);
  }
  const features = trainCols.map((_, j) => ({ name: `x${j}`, kind: 'numeric' as const }));
  const { model } = train({ data: { features, columns: trainCols }, label }, { objective: 'regression', numIterations: 300, numLeaves: 31, earlyStoppingRounds: 0 });
  const explainRows: Dataset = { features, columns: uniformColumns(TREE_ROWS, 2, 0.15) };
  for (let i = 0; i < 3; i++) treeShap(model, { features, columns: explainRows.columns.map((c) => (c as Float64Array).slice(0, 20)) });
  // Medians, as in shap_reference.py: the two cores are shared and outliers are the neighbours'.
  const treeTimes: number[] = [];
  let treePhi: Float64Array = new Float64Array();
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    treePhi = treeShap(model, explainRows).phi;
    treeTimes.push((performance.now() - started) / TREE_ROWS);
  }

  // KernelSHAP: same background and rows on both sides, equal weights.
  const background = { columns: uniformColumns(BACKGROUND, 4) };
  const xCols = uniformColumns(KERNEL_ROWS, 5);
  const xs = rowsOf(xCols, KERNEL_ROWS);
  // Warm-up: the optimizing compiler settles after a few calls.
  for (let i = 0; i < 10; i++) await kernelShap(formula10, xs[i % KERNEL_ROWS]!, background, { maxSamples: COALITIONS, threshold: 0 });
  const kernelPhi = new Float64Array(KERNEL_ROWS * FEATURES);
  const kernelTimes: number[] = [];
  for (const [i, x] of xs.entries()) {
    const started = performance.now();
    const result = await kernelShap(formula10, x, background, { maxSamples: COALITIONS, threshold: 0 });
    if (!result.exact) throw new Error('KernelSHAP was expected to be exact at 2^M - 2 coalitions');
    kernelTimes.push(performance.now() - started);
    kernelPhi.set(result.phi, i * FEATURES);
  }

  const oursBudgets: BudgetPoint[] = [{ coalitions: COALITIONS, ms: median(kernelTimes), rmsError: 0 }];
  for (const n of BUDGETS) {
    const errors: number[] = [];
    const times: number[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      for (const [i, x] of xs.entries()) {
        const started = performance.now();
        const result = await kernelShap(formula10, x, background, { maxSamples: n, threshold: 0, seed });
        times.push(performance.now() - started);
        errors.push(relativeError(result.phi, kernelPhi.subarray(i * FEATURES, (i + 1) * FEATURES)));
      }
    }
    oursBudgets.push({ coalitions: n, ms: median(times), rmsError: Math.sqrt(errors.reduce((a, e) => a + e * e, 0) / errors.length) });
  }

  const treeKernel = await measureTreeKernel(model);
  const dir = mkdtempSync(join(tmpdir(), 'bench-shap-'));
  try {
    const onnxPath = join(dir, 'model.onnx');
    writeFileSync(onnxPath, treeKernel.onnx);
    const input = join(dir, 'input.json');
    const output = join(dir, 'output.json');
    writeFileSync(
      input,
      JSON.stringify({
        tree: shapTreeJson(model, explainRows),
        kernel: { background: rowsOf(background.columns, BACKGROUND), x: xs, nsamples: COALITIONS, budgets: BUDGETS, seeds: SEEDS },
        treeKernel: { onnx: onnxPath, background: rowsOf(treeKernel.background, BACKGROUND), x: treeKernel.xs, nsamples: COALITIONS },
      }),
    );
    // One BLAS thread: ours runs on one thread, and the second core is not free anyway.
    const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    execFileSync(PYTHON, ['bench/shap_reference.py', input, output], { stdio: ['ignore', 'inherit', 'inherit'], env });
    const ref = JSON.parse(readFileSync(output, 'utf8')) as {
      shap: string;
      treeMs: number;
      treePhi: number[][];
      kernelMs: number;
      kernelPhi: number[][];
      kernelBudgets: BudgetPoint[];
      treeKernelMs: number;
      treeKernelPhi: number[][];
    };
    const shapBudgets = [{ coalitions: COALITIONS, ms: ref.kernelMs, rmsError: 0 }, ...ref.kernelBudgets];
    console.error(`KernelSHAP by budget (coalitions: ms/row, RMS relative error): ours ${JSON.stringify(oursBudgets)}; shap ${JSON.stringify(shapBudgets)}`);
    return {
      shapVersion: ref.shap,
      tree: { oursMs: median(treeTimes), shapMs: ref.treeMs, maxAbsDiff: maxAbsDiff(treePhi, ref.treePhi) },
      kernel: { oursMs: median(kernelTimes), shapMs: ref.kernelMs, maxAbsDiff: maxAbsDiff(kernelPhi, ref.kernelPhi), coalitions: COALITIONS, background: BACKGROUND },
      treeKernel: {
        oursMs: median(treeKernel.times),
        oursOnnxMs: median(treeKernel.onnxTimes),
        shapMs: ref.treeKernelMs,
        maxAbsDiff: maxAbsDiff(treeKernel.phi, ref.treeKernelPhi),
        maxAbsDiffOnnx: maxAbsDiff(treeKernel.onnxPhi, [Array.from(treeKernel.phi)]),
        coalitions: COALITIONS,
        background: BACKGROUND,
        rows: TREE_KERNEL_ROWS,
      },
      equalAccuracy: TARGET_ERRORS.map((targetError) => ({ targetError, ours: cheapest(oursBudgets, targetError), shap: cheapest(shapBudgets, targetError) })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(JSON.stringify(await measureShap()));
