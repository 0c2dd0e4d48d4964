/**
 * The predictor's cold start for bench/serving.ts: from `spawn` to the first 200 answer to
 * `POST /predict`, each way of running it in turn (docs/benchmarks.md, "Serving and explanations").
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import module from 'node:module';
import path from 'node:path';
import { goodRealtorRow } from '../functions/predict/src/testing/synthetic-realtor-rows.ts';
import { cacheDir } from '../scripts/stack/paths.ts';
import { freePort } from './free-port.ts';

/**
 * How the predictor process runs: TypeScript through tsx (local processes), or the image's
 * bundle under plain node, without and with Node's module compile cache (filled by one start
 * before the measured ones, as the image fills it at build time: docker/function.Dockerfile).
 */
export type Runner = 'tsx' | 'bundle' | 'bundle-cached';
// Node 20 has no compile cache (NODE_COMPILE_CACHE is ignored): it measures the first two ways.
const RUNNERS: readonly Runner[] = typeof module.enableCompileCache === 'function' ? ['tsx', 'bundle', 'bundle-cached'] : ['tsx', 'bundle'];
export const BUNDLE = 'dist/functions/predict/main.mjs';
const COMPILE_CACHE = path.join(cacheDir, 'bench', 'serving-compile-cache');
const label: Record<Runner, string> = {
  tsx: 'node --import tsx main.ts',
  bundle: `node ${BUNDLE}, no compile cache`,
  'bundle-cached': `node ${BUNDLE}, compile cache`,
};

/** The node arguments and the compile-cache variables of one way of running the predictor. */
export function runnerArgs(runner: Runner, env: NodeJS.ProcessEnv): { args: string[]; env: NodeJS.ProcessEnv } {
  const { NODE_COMPILE_CACHE: _inherited, ...rest } = env;
  const compileCache = runner === 'bundle-cached' ? { NODE_COMPILE_CACHE: COMPILE_CACHE } : { NODE_DISABLE_COMPILE_CACHE: '1' };
  return { args: runner === 'tsx' ? ['--import', 'tsx', 'functions/predict/src/main.ts'] : [BUNDLE], env: { ...rest, ...compileCache } };
}

interface ColdStart {
  ms: number;
  listeningMs: number;
  coldStartSeconds: number;
  loadSeconds: number;
  /** The predictor's CPU time (all threads) up to its first answer: what the machine's other work moves least. */
  cpuSeconds: number;
}

/**
 * A process's CPU time so far, all its threads, from /proc (Linux; clock ticks of 10 ms). Not the
 * predictor's process_cpu_seconds_total: prom-client counts from its own start, after the modules.
 */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime, fields 14 and 15 of proc(5), 12 and 13 after the command's ")".
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Spawn to first 200 prediction: process start, module loading, alias resolution, download, session. */
async function coldStart(spawnPredictor: (port: number, runner: Runner) => ChildProcess, runner: Runner): Promise<ColdStart> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const spawned = performance.now();
  const child = spawnPredictor(port, runner);
  let listeningMs = NaN;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`predictor exited with ${child.exitCode} during cold start`);
      const ready = await fetch(`${base}/ready`).then((r) => r.status, () => 0);
      // Any answer (503 before the model is loaded) means node, tsx and the modules are up.
      if (ready !== 0 && Number.isNaN(listeningMs)) listeningMs = performance.now() - spawned;
      if (ready === 200) {
        const res = await fetch(`${base}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(goodRealtorRow) });
        await res.arrayBuffer();
        if (res.status === 200) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const ms = performance.now() - spawned;
    const cpuSeconds = processCpuSeconds(child.pid!);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const gauge = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
    return { ms, listeningMs, coldStartSeconds: gauge('predictor_cold_start_seconds'), loadSeconds: gauge('model_load_seconds_sum'), cpuSeconds };
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
}

type Summary = Record<keyof ColdStart, number>;

/** `count` cold starts of each way in turn (the machine's other work weighs on all alike), and each way's medians. */
export async function coldStarts(spawnPredictor: (port: number, runner: Runner) => ChildProcess, count: number): Promise<Partial<Record<Runner, Summary>>> {
  // A fresh compile cache, filled by one unmeasured start as an image build fills it.
  await rm(COMPILE_CACHE, { recursive: true, force: true });
  if (RUNNERS.includes('bundle-cached')) await coldStart(spawnPredictor, 'bundle-cached');
  const runs: Record<Runner, ColdStart[]> = { tsx: [], bundle: [], 'bundle-cached': [] };
  for (let i = 0; i < count; i++) {
    for (const runner of RUNNERS) {
      const c = await coldStart(spawnPredictor, runner);
      runs[runner].push(c);
      console.log(`cold start ${i + 1}, ${label[runner]}: ${c.ms.toFixed(0)} ms (listening after ${c.listeningMs.toFixed(0)} ms, ${(c.cpuSeconds * 1000).toFixed(0)} ms of CPU)`);
    }
  }
  const median = (cs: ColdStart[], key: keyof ColdStart) => cs.map((c) => c[key]).sort((a, b) => a - b)[Math.floor(cs.length / 2)]!;
  const summary = (cs: ColdStart[]): Summary => ({
    ms: median(cs, 'ms'),
    listeningMs: median(cs, 'listeningMs'),
    coldStartSeconds: median(cs, 'coldStartSeconds'),
    loadSeconds: median(cs, 'loadSeconds'),
    cpuSeconds: median(cs, 'cpuSeconds'),
  });
  return Object.fromEntries(RUNNERS.map((runner) => [runner, summary(runs[runner])])) as Partial<Record<Runner, Summary>>;
}

/** The table's cold-start rows: each way's median, against the target. */
export function coldRows(cold: Partial<Record<Runner, Summary>>, count: number, targetMs: number): [string, string, string, string, string, string][] {
  const f = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
  return RUNNERS.flatMap((runner): [string, string, string, string, string, string][] => {
    const c = cold[runner]!;
    return [
      // The target is the images' way: the bundle.
      [`cold start to first prediction, ${label[runner]}, median of ${count} (ms)`, f(c.ms), '', '', runner === 'tsx' ? '' : `< ${f(targetMs)}`, runner === 'tsx' ? '' : c.ms < targetMs ? 'yes' : 'no'],
      ['  of which spawn to listening (node, modules) (ms)', f(c.listeningMs), '', '', '', ''],
      ['  predictor_cold_start_seconds / model_load_seconds (ms)', `${f(c.coldStartSeconds * 1000)} / ${f(c.loadSeconds * 1000)}`, '', '', '', ''],
      ["  the predictor's CPU time up to its first answer (ms)", f(c.cpuSeconds * 1000), '', '', '', ''],
    ];
  });
}
