import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as Esbuild from 'esbuild';

// Where a training worker's code comes from. A worker runs a script of its own, and the
// deployed function is one file: esbuild bundles functions/<name>/src/main.ts into
// dist/functions/<name>/main.mjs, the only file the image copies, so the worker cannot be a
// second file beside it. Instead the worker entry (train-worker.ts) is bundled on its own
// into one CommonJS script and started with new Worker(code, { eval: true }):
// - in the function bundles, scripts/build-functions.ts bundles it at build time and
//   defines __GBDT_TRAIN_WORKER__ as that code, so main.mjs carries it as a string;
// - from source (tsx for scripts and benchmarks, vitest for tests) it is bundled with
//   esbuild, a development dependency, on first use (about 10 ms), because tsx's loader
//   does not reach worker threads.
// Either way the worker starts the same way and runs the same bundled code.

declare const __GBDT_TRAIN_WORKER__: string | undefined;

/** The esbuild options that bundle a worker entry into one CommonJS script (shared with scripts/build-functions.ts). */
export function workerBuild(entry: URL): Esbuild.BuildOptions & { entryPoints: string[] } {
  return {
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node22',
    write: false,
    logLevel: 'warning',
  };
}

/** The training worker's entry. */
export function trainWorkerEntry(): URL {
  return new URL('./train-worker.ts', import.meta.url);
}

/** Bundles a worker entry from source, now (development and tests only: needs esbuild). */
export function bundleWorker(entry: URL): string {
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof Esbuild;
  const out = esbuild.buildSync(workerBuild(entry)).outputFiles?.[0];
  if (!out) throw new Error(`esbuild produced no bundle for ${entry.href}`);
  return out.text;
}

let fromSource: string | undefined;

/** The training worker's code: the string the build defined, else the entry bundled on first use. */
export function trainWorkerCode(): string {
  if (typeof __GBDT_TRAIN_WORKER__ === 'string') return __GBDT_TRAIN_WORKER__;
  fromSource ??= bundleWorker(trainWorkerEntry());
  return fromSource;
}
