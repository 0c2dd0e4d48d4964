// GBDT benchmark: our engine against LightGBM on the same machine, rows and split.
//   npm run bench:gbdt               (PYTHON=... to pick the interpreter, default .cache/venv)
//   SYNTHETIC_ROWS=200000 COURSE_ROWS=200000 npm run bench:gbdt   for a quicker run
//   BENCH_ONLY=timing npm run bench:gbdt     the training-time rows alone (TIMING_REPS, default 3)
// Prints one table: accuracy on realtor and diabetes (defaults and tuned parameters),
// training time on the synthetic regression set against LightGBM (one thread each on 1M
// rows; two threads each on 1,084,909 rows, the course's scale), and the exported ONNX
// model's rows per second in onnxruntime-node on one thread.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CategoricalSplit, Dataset, LabeledData, TrainParams } from '@tabular-ct/ml';
import { exportOnnx, logLoss, predict, predictRidge, r2, rmse, rocAuc, train, trainRidge } from '@tabular-ct/ml';
import { createOnnxSession } from '../functions/platform/src/onnx/session.ts';
import { loadDiabetes, loadRealtor } from './gbdt-data.ts';
import { timeTraining } from './gbdt-timing.ts';
import { SYNTHETIC_CATEGORICAL, SYNTHETIC_NUMERIC, syntheticRegression, writeSyntheticMatrix } from './gbdt-synthetic.ts';

const ROOT = join(import.meta.dirname, '..');
const PYTHON = process.env.PYTHON ?? join(ROOT, '.cache', 'venv', 'bin', 'python');
const SYNTHETIC_ROWS = Number(process.env.SYNTHETIC_ROWS ?? 1_000_000);
/** The course's training set size (realtor at full scale); synthetic rows of the same shape. */
const COURSE_ROWS = Number(process.env.COURSE_ROWS ?? 1_084_909);
const TIMING_REPS = Number(process.env.TIMING_REPS ?? 3);
const TIMING_ONLY = process.env.BENCH_ONLY === 'timing';
const ONNX_ROWS = 100_000;

type Params = Partial<Omit<TrainParams, 'objective' | 'targetTransform'>>;

/** The parameter sets compared, the same for both engines (LightGBM names in the Python script). */
const TUNED: Record<'realtor' | 'diabetes', Params> = {
  realtor: { numIterations: 600, learningRate: 0.03, numLeaves: 31, minDataInLeaf: 10, featureFraction: 0.8, baggingFraction: 0.8, baggingFreq: 1, lambdaL2: 1 },
  diabetes: { numIterations: 400, learningRate: 0.03, numLeaves: 15, minDataInLeaf: 100, featureFraction: 0.7, baggingFraction: 0.8, baggingFreq: 1, lambdaL2: 5 },
};

const LIGHTGBM_NAMES: Record<string, string> = {
  numIterations: 'num_iterations',
  learningRate: 'learning_rate',
  numLeaves: 'num_leaves',
  minDataInLeaf: 'min_data_in_leaf',
  featureFraction: 'feature_fraction',
  baggingFraction: 'bagging_fraction',
  baggingFreq: 'bagging_freq',
  lambdaL2: 'lambda_l2',
};

function toLightgbm(p: Params): Record<string, number> {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [LIGHTGBM_NAMES[k] ?? k, v as number]));
}

/** One line of the table: our engine with ordered categories (the default) and with category sets. */
interface Row {
  readonly what: string;
  readonly ordered: number;
  readonly set: number;
  readonly lightgbm: number;
  readonly target: string;
  /** Whether the target is met by ours with ordered categories, and with category sets. */
  readonly met: readonly [boolean, boolean];
}

function accuracyRow(what: string, ordered: number, set: number, lgb: number, better: 'higher' | 'lower'): Row {
  const pass = (v: number) => (better === 'higher' ? v >= lgb - 0.01 * Math.abs(lgb) : v <= lgb + 0.01 * Math.abs(lgb));
  return { what, ordered, set, lightgbm: lgb, target: `within 1% of LightGBM (${better} is better)`, met: [pass(ordered), pass(set)] };
}

function timed<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const out = f();
  return [out, (performance.now() - t0) / 1000];
}

function runOurs(name: 'realtor' | 'diabetes', trainSet: LabeledData, test: LabeledData, params: Params & { categoricalSplit: CategoricalSplit }) {
  if (name === 'realtor') {
    const [res, seconds] = timed(() => train(trainSet, { objective: 'regression', targetTransform: 'log1p', ...params }));
    const p = predict(res.model, test.data);
    return { r2: r2(test.label, p), rmse: rmse(test.label, p), seconds };
  }
  const [res, seconds] = timed(() => train(trainSet, { objective: 'binary', ...params }));
  const p = predict(res.model, test.data);
  return { auc: rocAuc(test.label, p), logloss: logLoss(test.label, p), seconds };
}

function onnxColumns(data: Dataset): Record<string, Float64Array | string[]> {
  const out: Record<string, Float64Array | string[]> = {};
  data.features.forEach((f, j) => {
    const c = data.columns[j]!;
    out[f.name] = c instanceof Float64Array ? c : c.map((v) => v ?? '');
  });
  return out;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'gbdt-bench-'));
  try {
    if (!TIMING_ONLY) rows.push(...accuracyRows());
    rows.push(timingRow(dir, SYNTHETIC_ROWS, 1, 3, 'LightGBM num_threads=1'));
    rows.push(timingRow(dir, COURSE_ROWS, 2, 1.5, 'LightGBM, both 2 threads'));
    if (!TIMING_ONLY) rows.push(await onnxRow());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const fmt = (v: number) => (Number.isNaN(v) ? '-' : Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toFixed(4));
  const yes = (b: boolean) => (b ? 'yes' : 'NO');
  console.log('| measure | ours, ordered categories (default) | ours, category sets | LightGBM 4.7 | target | met (ordered / sets) |');
  console.log('|---|---:|---:|---:|---|---|');
  for (const r of rows)
    console.log(`| ${r.what} | ${fmt(r.ordered)} | ${fmt(r.set)} | ${fmt(r.lightgbm)} | ${r.target} | ${r.met.map(yes).join(' / ')} |`);
}

/** Accuracy on realtor and diabetes, defaults and tuned, against LightGBM; and the ridge baseline. */
function accuracyRows(): Row[] {
  const rows: Row[] = [];
  const py = spawnSync(
    PYTHON,
    [
      join(ROOT, 'bench', 'lightgbm_bench.py'),
      '--params',
      JSON.stringify({
        realtor: { default: {}, tuned: toLightgbm(TUNED.realtor) },
        diabetes: { default: {}, tuned: toLightgbm(TUNED.diabetes) },
      }),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (py.status !== 0) throw new Error(`lightgbm_bench.py failed: ${py.stderr}`);
  const lgb = JSON.parse(py.stdout);
  const realtor = loadRealtor();
  const diabetes = loadDiabetes();
  for (const setting of ['default', 'tuned'] as const) {
    const params = (name: 'realtor' | 'diabetes', categoricalSplit: CategoricalSplit) => ({
      ...(setting === 'default' ? {} : TUNED[name]),
      categoricalSplit,
    });
    const ro = runOurs('realtor', realtor.train, realtor.test, params('realtor', 'ordered'));
    const rs = runOurs('realtor', realtor.train, realtor.test, params('realtor', 'set'));
    const lr = lgb.realtor[setting];
    rows.push(accuracyRow(`realtor ${setting}: R²`, ro.r2!, rs.r2!, lr.r2, 'higher'));
    rows.push(accuracyRow(`realtor ${setting}: RMSE ($)`, ro.rmse!, rs.rmse!, lr.rmse, 'lower'));
    const dO = runOurs('diabetes', diabetes.train, diabetes.test, params('diabetes', 'ordered'));
    const dS = runOurs('diabetes', diabetes.train, diabetes.test, params('diabetes', 'set'));
    const ld = lgb.diabetes[setting];
    rows.push(accuracyRow(`diabetes ${setting}: ROC AUC`, dO.auc!, dS.auc!, ld.auc, 'higher'));
    rows.push(accuracyRow(`diabetes ${setting}: log-loss`, dO.logloss!, dS.logloss!, ld.logloss, 'lower'));
  }
  // The linear baseline, for scale (one number: ridge has no categorical-split modes). On
  // the price itself: in log space a line extrapolates into absurd prices on this data.
  const ridge = predictRidge(trainRidge(realtor.train, { lambda: 10 }), realtor.test.data);
  const ridgeR2 = r2(realtor.test.label, ridge);
  rows.push({ what: 'realtor: ridge baseline R² (lambda 10)', ordered: ridgeR2, set: ridgeR2, lightgbm: NaN, target: 'for comparison', met: [true, true] });
  return rows;
}

/** Training time on `n` synthetic rows, both engines on `threads` threads; target: at most `bound` x LightGBM. */
function timingRow(dir: string, n: number, threads: number, bound: number, against: string): Row {
  const synthetic = syntheticRegression(n, 1);
  const matrix = join(dir, `synthetic-${n}.f64`);
  writeSyntheticMatrix(synthetic, matrix);
  const t = timeTraining(PYTHON, ROOT, synthetic, matrix, threads, TIMING_REPS);
  rmSync(matrix);
  const x = (v: number) => `${v.toFixed(2)}x`;
  return {
    what: `training s, ${n.toLocaleString('en-US')} rows x ${SYNTHETIC_NUMERIC}+${SYNTHETIC_CATEGORICAL} features, 100 trees, ${threads} thread${threads > 1 ? 's' : ''} (median of ${TIMING_REPS})`,
    ordered: t.ordered,
    set: t.set,
    lightgbm: t.lightgbm,
    target: `<= ${bound}x ${against} (is ${x(t.orderedRatio)} / ${x(t.setRatio)})`,
    met: [t.orderedRatio <= bound, t.setRatio <= bound],
  };
}

/** ONNX throughput: 300 trees of 31 leaves, one thread, batches of ONNX_ROWS rows. */
async function onnxRow(): Promise<Row> {
  const small = syntheticRegression(ONNX_ROWS, 2);
  const feeds = onnxColumns(small.data);
  const rowsPerSecond = async (categoricalSplit: CategoricalSplit) => {
    const { model } = train({ data: small.data, label: small.label }, { objective: 'regression', numIterations: 300, numLeaves: 31, categoricalSplit });
    const session = await createOnnxSession(exportOnnx(model), 1);
    await session.run(feeds);
    let best = Infinity;
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      await session.run(feeds);
      best = Math.min(best, (performance.now() - t0) / 1000);
    }
    await session.release();
    return ONNX_ROWS / best;
  };
  const [ordered, set] = [await rowsPerSecond('ordered'), await rowsPerSecond('set')];
  return {
    what: `ONNX rows/s in onnxruntime-node, 1 thread, 300 trees x 31 leaves, synthetic rows`,
    ordered,
    set,
    lightgbm: NaN,
    target: '>= 100,000',
    met: [ordered >= 100_000, set >= 100_000],
  };
}

await main();
