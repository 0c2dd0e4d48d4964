/**
 * `npm test`: everything that proves the project works, in one command, on a fresh clone.
 * Installs what is missing (Python environment, the S3 server), runs the static checks, the unit,
 * integration and end-to-end tests (those projects start the real local stack, or reuse a
 * running one; the end-to-end one runs the DAGs with Airflow, after the others), then the
 * Python tests, and closes with one line: `N passed, N failed`.
 */
import { readFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { cacheDir, repoRoot } from './stack/paths.ts';
import { installStack } from './stack/stack.ts';
import { ensureChromium } from './stack/chromium.ts';
import { venvBin } from './stack/python-env.ts';
import { runStep } from './test/run-step.ts';
import { deployChecks } from './deploy/checks.ts';

const results = path.join(cacheDir, 'test-results');
await mkdir(results, { recursive: true });

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

const step = async (name: string, command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<boolean> => {
  const ok = await runStep(name, command, args, repoRoot, env);
  if (!ok) failures.push(name);
  return ok;
};

const started = Date.now();
await installStack();
// The browser tests drive Debian's Chromium: installed here, before vitest starts its clock.
// Without it the run goes on: the browser tests then fail with the same message, counted.
await ensureChromium().catch((error: unknown) => console.error(`chromium: ${(error as Error).message}`));

// Static checks: each counts as one check, so a lint failure fails the run like a test.
for (const [name, cmd, args] of [
  ['eslint', 'npx', ['eslint', '.']],
  ['typescript', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['knip (unused exports and files)', 'npx', ['knip', '--no-progress']],
] as const) {
  if (await step(name, cmd, [...args])) tally.passed++;
  else tally.failed++;
}

// Deployment checks (helm, kubeconform, actionlint, the images' build steps): one check each.
for (const name of Object.keys(deployChecks)) {
  if (await step(`deploy: ${name}`, process.execPath, ['--import', 'tsx', 'scripts/deploy-check.ts', name])) tally.passed++;
  else tally.failed++;
}

const vitestJson = path.join(results, 'vitest.json');
await step('vitest (unit, integration, end to end)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
try {
  const report = JSON.parse(await readFile(vitestJson, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  tally.passed += report.numPassedTests;
  tally.failed += report.numFailedTests;
  tally.skipped += report.numPendingTests + report.numTodoTests;
} catch {
  tally.failed++;
  failures.push('vitest report missing');
}

const junit = path.join(results, 'pytest.xml');
// Airflow writes its home at import: the tests get a private one under .cache.
await step('pytest', venvBin('python'), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', `--junitxml=${junit}`, 'python/tests', 'dags/tests'], {
  ...process.env,
  AIRFLOW_HOME: path.join(cacheDir, 'airflow-test'),
  AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
});
try {
  const xml = await readFile(junit, 'utf8');
  const attr = (name: string): number => Number(new RegExp(`<testsuite [^>]*\\b${name}="(\\d+)"`).exec(xml)?.[1] ?? 0);
  const failedOrErrored = attr('failures') + attr('errors');
  tally.failed += failedOrErrored;
  tally.skipped += attr('skipped');
  tally.passed += attr('tests') - failedOrErrored - attr('skipped');
} catch {
  tally.failed++;
  failures.push('pytest report missing');
}

const minutes = ((Date.now() - started) / 60_000).toFixed(1);
if (failures.length > 0) console.log(`\nfailed steps: ${failures.join('; ')}`);
console.log(`\nnpm test took ${minutes} min`);
console.log(`${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
process.exit(failures.length > 0 || tally.failed > 0 ? 1 : 0);
