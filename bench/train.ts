/**
 * Benchmark: the train function's whole path (read CLEAN, snapshot, search, ONNX export,
 * MLflow run, logged model, registration) on a dataset's cumulative CLEAN data, against the
 * real local stack. The rows are a copy of a group the pipeline already cleaned (group 1 by
 * default: run the pipeline for it first), put under bench group 77 with salted row keys;
 * the copy, the snapshot and the version and run it registers are removed afterwards.
 * Prints seconds per phase (the function's own timing log) and the peak resident memory.
 * Usage: npx tsx bench/train.ts [dataset] [source group]   (default diabetes 1)
 */
import { datasetNames, type DatasetName } from '@tabular-ct/core';
import { createMlflowClient, createPool, createS3ObjectStore, loadConfig } from '@tabular-ct/platform';
import { trainBatch } from '../functions/train/src/train-batch.ts';
import { startStack } from '../scripts/stack/stack.ts';

const dataset = (process.argv[2] ?? 'diabetes') as DatasetName;
if (!datasetNames.includes(dataset)) throw new Error(`unknown dataset ${dataset}`);
const source = Number(process.argv[3] ?? 1);
const GROUP = 77;

const stack = await startStack();
const config = loadConfig(stack.env, ['database', 'objectStore', 'mlflow']);
const cleanPool = createPool(config.database.cleanUrl, { statementTimeoutMs: 600_000 });
const store = createS3ObjectStore(config.objectStore);
const mlflow = createMlflowClient(config.mlflow);
const rename = (id: string): string => id.replace(`-g${source}-`, `-g${GROUP}-`);
const log: Record<string, unknown>[] = [];

const removeCopy = () => cleanPool.query('DELETE FROM clean_batches WHERE batch_id LIKE $1', [`${dataset}-g${GROUP}-%`]);
await removeCopy();
const batches = (await cleanPool.query<{ batch_id: string }>(
  'SELECT batch_id FROM clean_batches WHERE dataset = $1 AND group_number = $2 ORDER BY delivery',
  [dataset, source],
)).rows.map((r) => r.batch_id);
if (batches.length === 0) throw new Error(`CLEAN has no ${dataset} batches of group ${source}: run the pipeline for it first`);
for (const id of batches) {
  await cleanPool.query(
    `INSERT INTO clean_batches (batch_id, dataset, group_number, batch_number, delivery, processed_with, rows_in, rows_clean, rows_rejected, rows_duplicate)
     SELECT $2, dataset, $3, batch_number, delivery, $2, rows_clean, rows_clean, 0, 0 FROM clean_batches WHERE batch_id = $1`,
    [id, rename(id), GROUP],
  );
  await cleanPool.query(
    `INSERT INTO clean_rows (batch_id, dataset, row_index, row_key, split, features, target)
     SELECT $2, dataset, row_index, row_key || '-bench', split, features, target FROM clean_rows WHERE batch_id = $1`,
    [id, rename(id)],
  );
}
const last = rename(batches.at(-1)!);
// A registered model of its own, deleted afterwards: the benchmark never touches what a pipeline serves.
const name = `bench-train-${dataset}`;
const started = performance.now();
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
try {
  const answer = await trainBatch(
    { cleanPool, store, bucket: config.objectStore.bucket, mlflow, log: (entry) => void log.push(entry), modelName: () => name, leaseWaitMs: 0 },
    { dataset, batch_id: last, reasons: ['benchmark'] },
  );
  const total = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const seconds = (log.find((e) => e.fn === 'train')?.seconds ?? {}) as Record<string, number>;
  const rows = answer.data.rows;
  console.log(`${dataset}: ${batches.length} batches, ${rows.train + rows.validation + rows.test} rows (train ${rows.train}, validation ${rows.validation}, test ${rows.test})`);
  console.log('| phase | seconds |\n|---|---|');
  for (const [phase, s] of Object.entries(seconds)) console.log(`| ${phase} | ${s.toFixed(1)} |`);
  console.log(`| total (request) | ${total.toFixed(1)} |`);
  console.log(`peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB; best ${answer.params.num_leaves} leaves, rate ${answer.params.learning_rate}, min_data_in_leaf ${answer.params.min_data_in_leaf}, ${answer.params.best_iteration} trees`);
  console.log('validation', answer.metrics.validation, '\ntest', answer.metrics.test);

  // Remove what the benchmark registered: the version, its run and the snapshot.
  const rest = (method: string, endpoint: string, body: unknown) =>
    fetch(`${config.mlflow.trackingUri}/api/2.0/mlflow/${endpoint}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await rest('DELETE', 'model-versions/delete', { name, version: answer.version });
  await rest('POST', 'runs/delete', { run_id: answer.run_id });
  await store.delete(`snapshots/${dataset}/${answer.data.digest}.jsonl.gz`);
} finally {
  clearInterval(sampler);
  await removeCopy();
  await cleanPool.end();
  await stack.stop();
}
