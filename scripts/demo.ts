/**
 * `npm run demo [-- --dataset realtor|diabetes] [--group N] [--direct]`: the main job.
 * Installs what is missing, starts the local stack (PostgreSQL, MinIO, MLflow) and the
 * functions, runs the cycle over every batch of the simulated data API through Airflow, one
 * DAG run per batch (`--direct` calls the functions itself instead): collect into RAW,
 * preprocess into CLEAN, decide from drift, train and promote when it says so; prints a table
 * with each batch's decision and reasons, and leaves the functions, the predictor,
 * explain, history and the web UI running with their addresses printed. Run again, it restarts the data API's
 * sequence and goes through it again: every step answers what it stored, nothing is
 * duplicated. `npm run stack -- stop` stops everything it started.
 */
import './stack/quiet-node20-warning.ts';
import { datasetNames, type DatasetName } from '@tabular-ct/core';
import { parseArgs } from 'node:util';
import { formatCycle, runAirflowCycle, runCycle, type CycleRow } from './demo/data-cycle.ts';
import { startFunctions } from './stack/functions.ts';
import { startStack } from './stack/stack.ts';
import { startUi } from './stack/ui.ts';

const { values } = parseArgs({
  options: { dataset: { type: 'string', default: 'realtor' }, group: { type: 'string', default: '1' }, direct: { type: 'boolean', default: false } },
});
if (!datasetNames.includes(values.dataset as DatasetName)) {
  console.error(`--dataset must be one of ${datasetNames.join(', ')}; got "${values.dataset}"`);
  process.exit(2);
}
const dataset = values.dataset as DatasetName;
const group = Number(values.group);

// One plausible input per dataset for the printed example request.
const exampleInput: Record<DatasetName, Record<string, unknown>> = {
  realtor: { status: 'for_sale', bed: 3, bath: 2, acre_lot: 0.25, city: 'Columbus', state: 'Ohio', zip_code: '43004', house_size: 1600, prev_sold_date: '2019-06-01' },
  diabetes: { race: 'Caucasian', gender: 'Female', age: '[70-80)', admission_type_id: '1', discharge_disposition_id: '1', admission_source_id: '7', time_in_hospital: 4, num_lab_procedures: 45, num_procedures: 1, num_medications: 15, number_outpatient: 0, number_emergency: 0, number_inpatient: 1, number_diagnoses: 9, insulin: 'Steady', change: 'Ch', diabetesMed: 'Yes' },
};

const started = Date.now();
const stack = await startStack();
const { functions } = await startFunctions(stack.env, dataset, ['collect', 'preprocess', 'drift', 'train', 'promote', 'predict', 'explain', 'history']);
const url = (name: string): string => functions.find((f) => f.name === name)?.url ?? '';

const urls = { datasource: url(`datasource-${dataset}`), collect: url('collect'), preprocess: url('preprocess'), drift: url('drift'), train: url('train'), promote: url('promote') };
const say = (r: CycleRow): void => console.log(`  ${r.batch}: ${r.rows} rows, ${r.retrain ? `trained version ${r.version}, ${r.promoted ? 'promoted' : 'not promoted'}` : 'skipped'}`);
let rows: CycleRow[];
if (values.direct) {
  console.log(`\nThe cycle of ${dataset}, group ${group}, calling the functions directly over HTTP:\n`);
  rows = await runCycle(urls, dataset, group, say);
} else {
  console.log(`\nThe cycle of ${dataset}, group ${group}, one Airflow run of tabular_ct_${dataset} per batch (airflow dags test):\n`);
  ({ rows } = await runAirflowCycle(stack.config, urls, dataset, group, say));
}
console.log(`\n${formatCycle(rows)}`);
// The web UI on the running functions: predict, explain and history are all it calls.
const ui = await startUi({ predict: url('predict'), explain: url('explain'), history: url('history'), dataset });
console.log(`\n${rows.length} batches in ${((Date.now() - started) / 1000).toFixed(1)} s. Everything keeps running:\n`);
for (const s of [...stack.services, ...functions, ui]) console.log(`  ${s.name.padEnd(20)} ${s.url}`);
console.log(`\n  MLflow UI            ${stack.env.MLFLOW_TRACKING_URI}`);
console.log('  logs                 .cache/stack/logs/');
console.log(`\nAsk the production model:\n  curl -s ${url('predict')}/model\n  curl -s -X POST ${url('predict')}/predict -H 'content-type: application/json' -d '${JSON.stringify(exampleInput[dataset])}'`);
console.log('\nStop everything with: npm run stack -- stop\n');
