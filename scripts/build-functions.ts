/**
 * Bundles every deployable function (functions/<name>/src/main.ts) into one ESM file,
 * dist/functions/<name>/main.mjs, for the images: `npm run build:functions [name...]`.
 */
import { build, type BuildOptions } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainWorkerEntry, workerBuild } from '../functions/ml/src/parallel/worker-code.ts';
import { repoRoot as root } from './stack/paths.ts';

// onnxruntime-node loads a native binding from its own folder, so it cannot be inlined; the
// image copies the package beside the bundle. pg-native is pg's optional binding, never installed.
const EXTERNAL = ['onnxruntime-node', 'pg-native'];

// The bundled CommonJS packages (pg, the AWS SDK) call require() for Node's built-ins, which an
// ES module does not have: give them one. __dirname and __filename likewise, for the few that read them.
const BANNER = [
  "import { createRequire as __ctCreateRequire } from 'node:module';",
  "import { fileURLToPath as __ctFileURLToPath } from 'node:url';",
  "import { dirname as __ctDirname } from 'node:path';",
  'const require = __ctCreateRequire(import.meta.url);',
  'const __filename = __ctFileURLToPath(import.meta.url);',
  'const __dirname = __ctDirname(__filename);',
].join('\n');

let trainWorker: Promise<string> | undefined;

/**
 * The ML core's training worker, bundled on its own (once per run): a worker runs a script of
 * its own and the image ships main.mjs alone, so the bundle carries the worker's code as a
 * string, __GBDT_TRAIN_WORKER__ (functions/ml/src/parallel/worker-code.ts).
 */
function trainWorkerCode(): Promise<string> {
  trainWorker ??= build(workerBuild(trainWorkerEntry())).then((out) => {
    const code = out.outputFiles?.[0]?.text;
    if (!code) throw new Error('esbuild produced no training worker bundle');
    return code;
  });
  return trainWorker;
}

/** The deployable functions: every folder of functions/ with a src/main.ts. */
export function deployableFunctions(functionsDir = path.join(root, 'functions')): string[] {
  return readdirSync(functionsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(functionsDir, entry.name, 'src', 'main.ts')))
    .map((entry) => entry.name)
    .sort();
}

/** Bundles one function into outDir/<name>/main.mjs (with its source map) and returns the bundle's path. */
export async function buildFunction(name: string, outDir = path.join(root, 'dist', 'functions')): Promise<string> {
  const outfile = path.join(outDir, name, 'main.mjs');
  await bundle(path.join(root, 'functions', name, 'src', 'main.ts'), outfile);
  return outfile;
}

/** Bundles an entry module into outfile exactly as a function is bundled (tests bundle probes with it). */
export async function bundle(entry: string, outfile: string): Promise<void> {
  const options: BuildOptions = {
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    // The images run Node 22, and the scripts run on it too (scripts/node22.ts).
    target: 'node22',
    external: EXTERNAL,
    banner: { js: BANNER },
    // Bundles that never train leave the string out: only the code that starts workers reads it.
    define: { __GBDT_TRAIN_WORKER__: JSON.stringify(await trainWorkerCode()) },
    // Not minified: on the predictor (0.36 MB minified, 0.76 MB not) the time from spawn to the
    // end of module loading did not differ beyond the noise of ten alternating runs each, and
    // the plain bundle's stack traces read without the source map, which images need not ship.
    minify: false,
    sourcemap: true,
    // The bundled packages' licence notices travel with the image, gathered at the end of the file.
    legalComments: 'eof',
    logLevel: 'warning',
  };
  await build(options);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const requested = process.argv.slice(2);
  const known = deployableFunctions();
  const unknown = requested.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    console.error(`unknown function(s): ${unknown.join(', ')}; known: ${known.join(', ')}`);
    process.exit(2);
  }
  for (const name of requested.length > 0 ? requested : known) {
    const started = performance.now();
    const file = await buildFunction(name);
    console.log(`${name}: ${path.relative(root, file)} in ${Math.round(performance.now() - started)} ms`);
  }
}
