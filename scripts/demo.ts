/**
 * `npm run demo [-- --dataset realtor|diabetes] [--group N] [--direct] [--api-mode cursor|window]
 * [--window-seconds S] [--sample-share X] [--deliveries-per-run K] [--scale documented|course]
 * [--source-url URL [--restart]]`:
 * the main job. Installs what is missing, starts the local stack (PostgreSQL, SeaweedFS, MLflow)
 * and the functions, runs the cycle over every batch of the simulated data API through
 * Airflow, one DAG run per decision (`--direct` calls the functions itself instead): collect
 * into RAW, preprocess into CLEAN, decide from drift, train and promote when it says so;
 * prints a table with each decision, its deliveries and reasons, and leaves the functions,
 * the predictor, explain, history and the web UI running with their addresses printed.
 * `--api-mode window` runs the simulator as a time-windowed data API (each call in a window
 * answers another sample of the batch) and calls it several times per run; `--scale course`
 * has it serve SYNTHETIC batches at the course API's documented sizes (realtor 1,084,909
 * rows, resampled from the shared file with jitter; the default is DATASOURCE_SCALE, else
 * documented); `--source-url` reads another data API (the course's) instead. Run again, it
 * restarts the simulator's sequence and goes through it again: every step answers what it
 * stored, nothing is duplicated. `npm run stack -- stop` stops everything it started.
 */
import { datasetNames, type DatasetName } from '@tabular-ct/core';
import { parseArgs } from 'node:util';
import { apiModes, apiModeSettings, COURSE_SCALE_NOTE, dataScales, datasourceEnv, type ApiMode, type DataScale } from './demo/api-mode.ts';
import { exampleInput } from './demo/example-input.ts';
import { cycleStepNames } from './cycle/cycle-steps.ts';
import { formatCycle, restartDataApi, runAirflowCycle, runCycle, type CycleRow } from './demo/data-cycle.ts';
import { cycleUrls } from './stack/airflow.ts';
import { startFunctions } from './stack/functions.ts';
import { startStack } from './stack/stack.ts';
import { startUi } from './stack/ui.ts';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: 'realtor' },
    group: { type: 'string', default: '1' },
    direct: { type: 'boolean', default: false },
    'api-mode': { type: 'string', default: 'cursor' },
    'window-seconds': { type: 'string' },
    'sample-share': { type: 'string' },
    'deliveries-per-run': { type: 'string' },
    scale: { type: 'string', default: process.env.DATASOURCE_SCALE ?? 'documented' },
    'source-url': { type: 'string' },
    restart: { type: 'boolean' },
  },
});
const refuse = (message: string): never => {
  console.error(message);
  process.exit(2);
};
if (!datasetNames.includes(values.dataset as DatasetName)) refuse(`--dataset must be one of ${datasetNames.join(', ')}; got "${values.dataset}"`);
if (!apiModes.includes(values['api-mode'] as ApiMode)) refuse(`--api-mode must be one of ${apiModes.join(', ')}; got "${values['api-mode']}"`);
if (!dataScales.includes(values.scale as DataScale)) refuse(`--scale must be one of ${dataScales.join(', ')}; got "${values.scale}"`);
const scale = values.scale as DataScale;
const number = (name: string, text: string | undefined, ok: (x: number) => boolean, what: string): number | undefined => {
  if (text === undefined) return undefined;
  const x = Number(text);
  return ok(x) ? x : refuse(`--${name} must be ${what}; got "${text}"`);
};
const dataset = values.dataset as DatasetName;
const group = number('group', values.group, (x) => Number.isInteger(x) && x >= 1 && x <= 100, 'an integer from 1 to 100') ?? 1;
const windowSeconds = number('window-seconds', values['window-seconds'], (x) => x >= 1, 'at least 1');
const sampleShare = number('sample-share', values['sample-share'], (x) => x > 0 && x <= 1, 'above 0 and at most 1');
const deliveriesPerRun = number('deliveries-per-run', values['deliveries-per-run'], (x) => Number.isInteger(x) && x >= 1 && x <= 20, 'an integer from 1 to 20');
const apiMode = apiModeSettings(values['api-mode'] as ApiMode, {
  ...(windowSeconds === undefined ? {} : { windowSeconds }),
  ...(sampleShare === undefined ? {} : { sampleShare }),
  ...(deliveriesPerRun === undefined ? {} : { deliveriesPerRun }),
});

const started = Date.now();
const stack = await startStack();
const { functions } = await startFunctions(stack.env, dataset, [...cycleStepNames, 'predict', 'explain', 'history'], {
  datasourceEnv: datasourceEnv(apiMode, scale),
  otherDataApis: values['source-url'] ? [values['source-url']] : [],
});
const url = (name: string): string => functions.find((f) => f.name === name)?.url ?? '';

// The simulator unless another data API is named (the course's: README, "Pointing the platform at the course's data API").
const sourceUrl = values['source-url'] ?? url(`datasource-${dataset}`);
const urls = cycleUrls(sourceUrl, url);
const say = (r: CycleRow): void =>
  console.log(`  ${r.batch}: ${r.deliveries.length} ${r.deliveries.length === 1 ? 'delivery' : 'deliveries'}, ${r.rows} rows, ${r.retrain ? `trained version ${r.version}, ${r.promoted ? 'promoted' : 'not promoted'}` : 'skipped'}`);
// Said wherever the simulator's rows are shown: at course scale they are not the file's.
const atScale = scale === 'course' ? ' at course scale (SYNTHETIC rows resampled from the shared file)' : '';
const api = values['source-url']
  ? `the data API at ${sourceUrl}, ${apiMode.deliveriesPerRun} ${apiMode.deliveriesPerRun === 1 ? 'call' : 'calls'} per run`
  : apiMode.mode === 'window'
    ? `a time-windowed data API${atScale} (window ${apiMode.windowSeconds} s, ${apiMode.sampleShare * 100}% of the batch per answer), ${apiMode.deliveriesPerRun} calls per run`
    : `a cursor data API${atScale}, ${apiMode.deliveriesPerRun} ${apiMode.deliveriesPerRun === 1 ? 'call' : 'calls'} per run`;
// The simulator starts over on every run; another data API only when asked (--restart): its
// restart moves a group's data back to the first batch for everyone who reads it.
if (values['source-url'] === undefined || values.restart) await restartDataApi(sourceUrl, group);
// Runs a window apart against a time-windowed API, as a DAG scheduled every window would be:
// each run's first call moves to the next batch, and the API is not asked more often than that.
const roundSeconds = apiMode.mode === 'window' ? apiMode.windowSeconds + 1 : 0;
let rows: CycleRow[];
if (values.direct) {
  console.log(`\nThe cycle of ${dataset}, group ${group}, against ${api}, calling the functions directly over HTTP:\n`);
  rows = await runCycle(urls, dataset, group, say, { calls: apiMode.deliveriesPerRun, roundSeconds });
} else {
  console.log(`\nThe cycle of ${dataset}, group ${group}, against ${api}, one Airflow run of tabular_ct_${dataset} per decision (airflow dags test):\n`);
  ({ rows } = await runAirflowCycle(stack.config, urls, dataset, group, say, { deliveriesPerRun: apiMode.deliveriesPerRun, roundSeconds }));
}
console.log(`\n${formatCycle(rows)}`);
// The web UI on the running functions: predict, explain and history are all it calls.
const ui = await startUi({ predict: url('predict'), explain: url('explain'), history: url('history'), dataset, ...(scale === 'course' && !values['source-url'] ? { dataNote: COURSE_SCALE_NOTE } : {}) });
const deliveries = rows.reduce((n, r) => n + r.deliveries.length, 0);
console.log(`\n${rows.length} decisions over ${deliveries} deliveries in ${((Date.now() - started) / 1000).toFixed(1)} s. Everything keeps running:\n`);
for (const s of [...stack.services, ...functions, ui]) console.log(`  ${s.name.padEnd(20)} ${s.url}`);
console.log(`\n  MLflow UI            ${stack.env.MLFLOW_TRACKING_URI}`);
console.log('  logs                 .cache/stack/logs/');
console.log(`\nAsk the production model:\n  curl -s ${url('predict')}/model\n  curl -s -X POST ${url('predict')}/predict -H 'content-type: application/json' -d '${JSON.stringify(exampleInput[dataset])}'`);
console.log('\nStop everything with: npm run stack -- stop\n');
