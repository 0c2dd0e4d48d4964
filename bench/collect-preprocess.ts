/**
 * Benchmark: collect and preprocess of one 360,000-row realtor-shaped batch (the size of
 * the course API's largest), against the real local stack. The rows are the shared file's
 * complete rows resampled with replacement (labelled as such: not real listings), served
 * by a stand-in data API in a separate process. Prints wall time and peak resident memory
 * of each step, measured in this process, where both functions' code runs.
 * Usage: npm run bench:collect [-- <rows>]   (default 360000; --expose-gc lets it start each
 * step from collected garbage)
 */
import { createPool, createS3ObjectStore, loadConfig } from '@tabular-ct/platform';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { collectBatch } from '../functions/collect/src/collect-batch.ts';
import { preprocessBatch } from '../functions/preprocess/src/preprocess-batch.ts';
import { startStack } from '../scripts/stack/stack.ts';

const rows = Number(process.argv[2] ?? 360_000);
// A group the course never uses, emptied before each run so the batch is new every time.
const GROUP = 77;

const stack = await startStack();
const config = loadConfig(stack.env, ['database', 'objectStore']);
const rawPool = createPool(config.database.rawUrl, { statementTimeoutMs: 600_000 });
const cleanPool = createPool(config.database.cleanUrl, { statementTimeoutMs: 600_000 });
const store = createS3ObjectStore(config.objectStore);
await cleanPool.query("DELETE FROM clean_batches WHERE batch_id LIKE 'realtor-g77-%'");
await rawPool.query('DELETE FROM batches WHERE dataset = $1 AND group_number = $2', ['realtor', GROUP]);
for (const o of await store.list(`raw/realtor/group-${GROUP}/`)) await store.delete(o.key);

const api = spawn(process.execPath, ['--import', 'tsx', 'bench/resampled-data-api.ts', String(rows), '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const [line] = (await once(api.stdout, 'data')) as [Buffer];
const served = JSON.parse(line.toString()) as { port: number; bytes: number; sourceRows: number };

async function measure<T>(step: () => Promise<T>): Promise<{ result: T; seconds: number; peakMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const result = await step();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { result, seconds, peakMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20 };
}

const log = (entry: Record<string, unknown>): void => console.log(JSON.stringify(entry));
const collected = await measure(() =>
  collectBatch(
    { rawPool, store, dataApi: { timeoutMs: 600_000, attempts: 1, backoffMs: 1, allowedUrls: [`http://127.0.0.1:${served.port}`] }, log },
    { dataset: 'realtor', source_url: `http://127.0.0.1:${served.port}`, group_number: GROUP },
  ),
);
const processed = await measure(() => preprocessBatch({ rawPool, cleanPool, log }, { dataset: 'realtor', batch_id: collected.result.batch_id ?? '' }));
api.kill();

const fmt = (x: number, d = 1): string => x.toFixed(d).padStart(8);
console.log(`\n${rows.toLocaleString('en-US')} realtor-shaped rows resampled from ${served.sourceRows.toLocaleString('en-US')} complete rows of the shared file; payload ${(served.bytes / 2 ** 20).toFixed(1)} MB JSON\n`);
console.log('step         wall (s)  peak RSS (MB)  rows/s     target');
console.log(`collect      ${fmt(collected.seconds)}  ${fmt(collected.peakMb, 0)}       ${fmt(rows / collected.seconds, 0)}   < 30 s together, < 1 GB`);
console.log(`preprocess   ${fmt(processed.seconds)}  ${fmt(processed.peakMb, 0)}       ${fmt(rows / processed.seconds, 0)}`);
console.log(`both         ${fmt(collected.seconds + processed.seconds)}  ${fmt(Math.max(collected.peakMb, processed.peakMb), 0)}`);
console.log(`\naccounting: rows in ${processed.result.rows_in}, clean ${processed.result.clean}, rejected ${processed.result.rejected}, duplicates ${processed.result.duplicates}`);
for (const r of processed.result.reject_reasons) console.log(`  rejected ${r.count}: ${r.field} ${r.reason}`);

await cleanPool.query("DELETE FROM clean_batches WHERE batch_id LIKE 'realtor-g77-%'");
await rawPool.query('DELETE FROM batches WHERE dataset = $1 AND group_number = $2', ['realtor', GROUP]);
await Promise.all([rawPool.end(), cleanPool.end()]);
await stack.stop();
