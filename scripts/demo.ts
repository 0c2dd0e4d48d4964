/**
 * `npm run demo [-- --dataset realtor|diabetes] [--group N]`: the main job. Installs what
 * is missing, starts the local stack (PostgreSQL, MinIO, MLflow) and the functions, runs
 * the data cycle over every batch of the simulated data API (collect into RAW, preprocess
 * into CLEAN), prints a table, and leaves everything running with its address printed.
 * Run again, it restarts the data API's sequence and goes through it again: every batch
 * is answered as already collected and processed, nothing is duplicated.
 * The training half of the cycle (drift, train, promote) and the predictor join as they land.
 * `npm run stack -- stop` stops everything it started.
 */
import './stack/quiet-node20-warning.ts';
import { datasetNames, type DatasetName } from '@tabular-ct/core';
import { parseArgs } from 'node:util';
import { formatCycle, runDataCycle } from './demo/data-cycle.ts';
import { startFunctions } from './stack/functions.ts';
import { startStack } from './stack/stack.ts';

const { values } = parseArgs({ options: { dataset: { type: 'string', default: 'realtor' }, group: { type: 'string', default: '1' } } });
if (!datasetNames.includes(values.dataset as DatasetName)) {
  console.error(`--dataset must be one of ${datasetNames.join(', ')}; got "${values.dataset}"`);
  process.exit(2);
}
const dataset = values.dataset as DatasetName;
const group = Number(values.group);

const started = Date.now();
const stack = await startStack();
const { functions } = await startFunctions(stack.env, dataset, ['collect', 'preprocess']);
const url = (name: string): string => functions.find((f) => f.name === name)?.url ?? '';

console.log(`\nData cycle of ${dataset}, group ${group}, through the functions over HTTP:\n`);
const rows = await runDataCycle({ datasource: url(`datasource-${dataset}`), collect: url('collect'), preprocess: url('preprocess') }, dataset, group);
console.log(formatCycle(rows));
console.log(`\n${rows.length} batches in ${((Date.now() - started) / 1000).toFixed(1)} s. Everything keeps running:\n`);
for (const s of [...stack.services, ...functions]) console.log(`  ${s.name.padEnd(20)} ${s.url}`);
console.log(`\n  MLflow UI            ${stack.env.MLFLOW_TRACKING_URI}`);
console.log('  logs                 .cache/stack/logs/');
console.log('\nStop everything with: npm run stack -- stop\n');
