/**
 * The predictor's load test (docs/load-test.md), `npm run load-test [-- --step-users N --step-seconds S --steps K]`:
 * Locust (python/load/locustfile.py) headless against a local predictor serving a production
 * model, users added in steps after a warm-up, for a bounded time (steps x step seconds); prints each step's
 * p50/p95/p99, throughput and failures and the largest user count held with p95 < 50 ms and
 * no failure. The predictor writes its inference log into a RAW of its own (isolated
 * environment `load_test`), never the demo's. It serves the demo's production model when there
 * is one (after `npm run demo`); otherwise it runs the cycle once in that environment to make one.
 * Predictor and Locust are pinned to one core each. Figures: docs/load-test.md.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PRODUCTION_ALIAS, registeredModelName } from '@tabular-ct/core';
import { createMlflowClient, loadConfig } from '@tabular-ct/platform';
import { cycleStepNames } from './cycle/cycle-steps.ts';
import { restartDataApi, runCycle } from './demo/data-cycle.ts';
import { cycleUrls } from './stack/airflow.ts';
import { startFunctions } from './stack/functions.ts';
import { isolatedStackEnv } from './stack/isolated-env.ts';
import { paths, repoRoot } from './stack/paths.ts';
import { venvBin } from './stack/python-env.ts';
import { startStack } from './stack/stack.ts';

const { values } = parseArgs({
  options: {
    'step-users': { type: 'string', default: '100' },
    'step-seconds': { type: 'string', default: '15' },
    steps: { type: 'string', default: '20' },
    // Leave both processes to the scheduler (on a machine where other work holds a core).
    unpinned: { type: 'boolean', default: false },
  },
});
// Service names load-test-<function>, ports 84xx: apart from the demo's (81xx) and the tests'.
const SET = { prefix: 'load-test', portOffset: 300 } as const;
const ENV_NAME = 'load_test';

interface StepResult {
  users: number;
  requests: number;
  failures: number;
  rps: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
}
interface LoadResult {
  steps: StepResult[];
  max_users_held: number | null;
  first_failing_step: StepResult | null;
  objective_p95_ms: number;
}

/** Pins a process (all its threads) to one core; without taskset the run is simply unpinned. */
const pin = (pid: number, core: number): Promise<void> =>
  new Promise((resolve) => spawn('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' }).on('close', () => resolve()).on('error', () => resolve()));

const stack = await startStack();
const env = await isolatedStackEnv(stack, ENV_NAME);
const mlflow = createMlflowClient(loadConfig(stack.env, ['mlflow']).mlflow);
const demoModel = registeredModelName('realtor', stack.env.MODEL_NAME_PREFIX);
const demoProduction = await mlflow.registry.findVersionByAlias(demoModel, PRODUCTION_ALIAS);
const stops: (() => Promise<void>)[] = [];
try {
  let predictorEnv = env;
  let model: string;
  if (demoProduction) {
    model = `${demoModel} v${demoProduction.version} (the demo's production model)`;
    predictorEnv = { ...env, MODEL_NAME: demoModel };
  } else {
    console.log(`no production model ${demoModel}: running the cycle once in the isolated environment to make one`);
    const cycle = await startFunctions(env, 'realtor', cycleStepNames, SET);
    stops.push(cycle.stop);
    const url = (name: string): string => cycle.functions.find((f) => f.name === `${SET.prefix}-${name}`)?.url ?? '';
    const urls = cycleUrls(url('datasource-realtor'), url);
    await restartDataApi(urls.datasource, 1);
    await runCycle(urls, 'realtor', 1, (row) => console.log(`  ${row.batch}: ${row.retrain ? `trained v${row.version}, promoted ${row.promoted}` : 'skipped'}`));
    const production = await mlflow.registry.findVersionByAlias(registeredModelName('realtor', ENV_NAME), PRODUCTION_ALIAS);
    if (!production) throw new Error('the cycle promoted no model');
    model = `${registeredModelName('realtor', ENV_NAME)} v${production.version} (made by this run's cycle)`;
  }

  const predictor = await startFunctions(predictorEnv, 'realtor', ['predict'], SET);
  stops.push(predictor.stop);
  const predictUrl = predictor.functions.find((f) => f.name === `${SET.prefix}-predict`)?.url ?? '';
  for (let i = 0; (await fetch(`${predictUrl}/ready`).then((r) => r.status, () => 0)) !== 200; i++) {
    if (i > 240) throw new Error(`the predictor at ${predictUrl} was not ready within a minute`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const pid = Number((await readFile(path.join(paths.run, `${SET.prefix}-predict.pid`), 'utf8')).trim());
  if (!values.unpinned) await pin(pid, 0);

  const work = await mkdtemp(path.join(os.tmpdir(), 'tabular-ct-load-'));
  const resultFile = path.join(work, 'result.json');
  const steps = Number(values.steps);
  const stepSeconds = Number(values['step-seconds']);
  console.log(`Locust against ${predictUrl} serving ${model}: a 10 s warm-up, then ${steps} steps of +${values['step-users']} users, ${stepSeconds} s each (the first 3 s of each not measured)`);
  const locustCommand = [venvBin('locust'), '-f', path.join(repoRoot, 'python', 'load', 'locustfile.py'), '--headless', '--host', predictUrl, '--only-summary', '--loglevel', 'WARNING'];
  const locust = spawn(
    values.unpinned ? (locustCommand[0] as string) : 'taskset',
    values.unpinned ? locustCommand.slice(1) : ['-c', '1', ...locustCommand],
    { stdio: 'inherit', env: { ...process.env, LOAD_STEP_USERS: values['step-users'], LOAD_STEP_SECONDS: String(stepSeconds), LOAD_STEPS: String(steps), LOAD_RESULT: resultFile } },
  );
  // The shape ends the run after its last step; this bound is for a run that hangs.
  const bound = setTimeout(() => locust.kill('SIGINT'), (steps * stepSeconds + 60) * 1000);
  const loadBefore = os.loadavg()[0] ?? NaN;
  const code = await new Promise<number | null>((resolve) => locust.on('close', resolve));
  clearTimeout(bound);
  // Other work on the machine takes cores from both sides: the figures come with the load average.
  console.log(`\nmachine load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${(os.loadavg()[0] ?? NaN).toFixed(2)} on ${os.cpus().length} cores`);
  const result = JSON.parse(await readFile(resultFile, 'utf8')) as LoadResult;
  await rm(work, { recursive: true, force: true });

  console.log('\n| users | requests | req/s | p50 ms | p95 ms | p99 ms | failures | held |');
  console.log('|------:|---------:|------:|-------:|-------:|-------:|---------:|:----:|');
  for (const s of result.steps) {
    const ok = s.failures === 0 && s.p95_ms < result.objective_p95_ms;
    console.log(`| ${s.users} | ${s.requests} | ${s.rps} | ${s.p50_ms.toFixed(1)} | ${s.p95_ms.toFixed(1)} | ${s.p99_ms.toFixed(1)} | ${s.failures} | ${ok ? 'yes' : 'no'} |`);
  }
  console.log(
    result.first_failing_step
      ? `\nlargest user count held (p95 < ${result.objective_p95_ms} ms, no failure): ${result.max_users_held ?? 'none'}; first step not held: ${result.first_failing_step.users} users`
      : `\nevery step held up to ${result.max_users_held} users: raise --steps or --step-users to find the limit`,
  );
  if (code !== 0) console.log(`(locust exited with ${code}; Locust exits 1 when any request failed)`);
} finally {
  for (const stop of stops.reverse()) await stop();
  await stack.stop();
}
