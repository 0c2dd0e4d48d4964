// Training time of the GBDT benchmark: our engine against LightGBM on the synthetic set, side
// by side. The machine is shared and its load drifts, so each repetition times LightGBM and
// then ours right after, and the verdict is the median of the per-repetition ratios.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { CategoricalSplit } from '@tabular-ct/ml';
import { train } from '@tabular-ct/ml';
import type { SyntheticSet } from './gbdt-synthetic.ts';
import { SYNTHETIC_CATEGORICAL, SYNTHETIC_NUMERIC } from './gbdt-synthetic.ts';

/** Seconds of each engine (medians over the repetitions) and the median ratios ours / LightGBM. */
export interface TrainingTimes {
  readonly ordered: number;
  readonly set: number;
  readonly lightgbm: number;
  readonly orderedRatio: number;
  readonly setRatio: number;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** LightGBM's training time (Dataset construction included) on the matrix written by writeSyntheticMatrix. */
function lightgbmSeconds(python: string, root: string, matrix: string, rows: number, threads: number): number {
  const py = spawnSync(
    python,
    [
      join(root, 'bench', 'lightgbm_bench.py'),
      '--params',
      JSON.stringify({ synthetic: {} }),
      '--synthetic',
      matrix,
      '--rows',
      String(rows),
      '--numeric',
      String(SYNTHETIC_NUMERIC),
      '--categorical',
      String(SYNTHETIC_CATEGORICAL),
      '--threads',
      String(threads),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (py.status !== 0) throw new Error(`lightgbm_bench.py failed: ${py.stderr}`);
  return (JSON.parse(py.stdout) as { synthetic: { seconds: number } }).synthetic.seconds;
}

/** Our training time (binning included) with defaults: 100 trees of 31 leaves. */
function oursSeconds(set: SyntheticSet, categoricalSplit: CategoricalSplit, threads: number): number {
  const t0 = performance.now();
  train({ data: set.data, label: set.label }, { objective: 'regression', categoricalSplit, threads });
  return (performance.now() - t0) / 1000;
}

/** Times both engines on `threads` threads, `reps` times each, alternating. */
export function timeTraining(python: string, root: string, set: SyntheticSet, matrix: string, threads: number, reps: number): TrainingTimes {
  const rows = set.label.length;
  const lgb: number[] = [];
  const ordered: number[] = [];
  const sets: number[] = [];
  for (let k = 0; k < reps; k++) {
    lgb.push(lightgbmSeconds(python, root, matrix, rows, threads));
    ordered.push(oursSeconds(set, 'ordered', threads));
    sets.push(oursSeconds(set, 'set', threads));
  }
  return {
    ordered: median(ordered),
    set: median(sets),
    lightgbm: median(lgb),
    orderedRatio: median(ordered.map((s, k) => s / lgb[k]!)),
    setRatio: median(sets.map((s, k) => s / lgb[k]!)),
  };
}
