/**
 * The whole cycle at the course's scale, through real Airflow: `npm run bench:scale [--
 * --dataset realtor|diabetes]`. The simulator serves its course-scale plan (DATASOURCE_SCALE=
 * course: realtor's six batches at the course API's sizes, 1,084,909 SYNTHETIC rows resampled
 * from the shared file; diabetes 10 x 15,000), into a private environment on the local stack
 * (the end-to-end tests' function set, its own databases, bucket and model names). One DAG run
 * per batch, as `airflow dags test`. Prints one table: per batch and step, the step's input
 * rows, wall time (Airflow's task instance) and the function's peak resident memory; then each
 * step's growth between the smallest and the largest batch, the answers the UI reads (time and
 * size) and the UI's views in Chromium, with screenshots in .cache/bench/scale/.
 */
import { datasetNames, type DatasetName } from '@tabular-ct/core';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { apiModeSettings, COURSE_SCALE_NOTE, datasourceEnv } from '../scripts/demo/api-mode.ts';
import { exampleInput } from '../scripts/demo/example-input.ts';
import { restartDataApi, runAirflowCycle, type CycleRow } from '../scripts/demo/data-cycle.ts';
import { prepareIsolatedCycle, serviceName } from '../scripts/e2e/isolated-cycle.ts';
import { cacheDir } from '../scripts/stack/paths.ts';
import { startUi } from '../scripts/stack/ui.ts';
import { answerSizes, checkViews, sampleProcesses, taskTimes, type TaskTime } from './scale-measure.ts';

// The demo's example record, varied per row so the batch is not one row repeated.
const vary: Record<DatasetName, (i: number) => Record<string, unknown>> = {
  realtor: (i) => ({ house_size: 600 + (i % 4000), bed: 1 + (i % 6) }),
  diabetes: (i) => ({ num_lab_procedures: 1 + (i % 100), time_in_hospital: 1 + (i % 14) }),
};

const { values } = parseArgs({ options: { dataset: { type: 'string', default: 'realtor' }, group: { type: 'string', default: '1' } } });
const dataset = values.dataset as DatasetName;
if (!datasetNames.includes(dataset)) throw new Error(`--dataset must be one of ${datasetNames.join(', ')}`);
const group = Number(values.group);
const outDir = path.join(cacheDir, 'bench', 'scale');
await mkdir(outDir, { recursive: true });

const steps = ['collect', 'preprocess', 'drift', 'train', 'promote'] as const;
const started = Date.now();
const cycle = await prepareIsolatedCycle(dataset, 'scale', { datasourceEnv: datasourceEnv(apiModeSettings('cursor'), 'course') });
const serving = ['predict', 'explain', 'history'] as const;
const processes = sampleProcesses({ ...Object.fromEntries([...steps, ...serving].map((s) => [s, serviceName(s)])), datasource: serviceName(`datasource-${dataset}`) });
try {
  await restartDataApi(cycle.urls.datasource, group);
  console.log(`Course-scale cycle of ${dataset} (SYNTHETIC rows), one Airflow run per batch:`);
  const { rows, runIds } = await runAirflowCycle(cycle.stack.config, cycle.urls, dataset, group, (r) => console.log(`  ${r.batch}: ${r.rows} rows, ${r.retrain ? `version ${r.version}, ${r.promoted ? 'promoted' : 'not promoted'}` : 'skipped'} (${((Date.now() - started) / 1000).toFixed(0)} s)`), cycle.airflow);
  const total = (Date.now() - started) / 1000;
  const times = await taskTimes(cycle.airflowDb, `tabular_ct_${dataset}`, runIds);
  const table = await stepTable(rows, runIds, times);
  const urls = await cycle.startServing();
  const batch = await predictBatch(urls.predict, 100_000);
  const latest = rows.at(-1)?.batch ?? '';
  const q = `dataset=${dataset}`;
  const answers = await answerSizes({
    'GET /history': `${urls.history}/history?${q}`,
    'GET /drift': `${urls.history}/drift?${q}`,
    'GET /profile (latest batch)': `${urls.history}/profile?${q}&batch_id=${encodeURIComponent(latest)}`,
  });
  const ui = await startUi({ ...urls, dataset, dataNote: COURSE_SCALE_NOTE }, { prefix: 'e2e', portOffset: 100 });
  const views = await checkViews(ui.url, ['predict', 'history', 'monitoring', 'data', 'explain'], outDir);
  await ui.stop();
  processes.stop();
  const predictCpuSeconds = processes.cpuSeconds('predict', batch.from, batch.to + 200);
  const servingPeaks = Object.fromEntries([...serving, 'datasource'].map((fn) => [fn, processes.peak(fn, 0, Date.now()) / 2 ** 20]));
  const report = { dataset, date: new Date().toISOString(), totalSeconds: total, batches: table, growth: growth(table), predictBatch: { ...batch, cpuSeconds: predictCpuSeconds }, servingPeaks, answers, views };
  await writeFile(path.join(outDir, `${dataset}.json`), JSON.stringify(report, null, 2));
  printReport(report);
} finally {
  processes.stop();
  await cycle.close();
}

/** POST /predict/batch with `n` records built from the latest CLEAN rows' shapes: status, seconds, predictions. */
async function predictBatch(predictUrl: string, n: number): Promise<{ rows: number; status: number; seconds: number; predictions: number; bytes: number; from: number; to: number }> {
  const example = exampleInput[dataset];
  const records = Array.from({ length: n }, (_, i) => ({ ...example, ...vary[dataset](i) }));
  const body = JSON.stringify(records);
  const from = Date.now();
  const started = performance.now();
  const res = await fetch(`${predictUrl}/predict/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const answer = (await res.json()) as { predictions?: unknown[] };
  return { rows: n, status: res.status, seconds: (performance.now() - started) / 1000, predictions: answer.predictions?.length ?? 0, bytes: body.length, from, to: Date.now() };
}

interface StepRow {
  batch: string;
  step: string;
  rows: number;
  seconds: number;
  peakMiB: number;
  /** CPU seconds the function's process used during the step (user + system, all threads). */
  cpuSeconds: number;
  tries: number;
}

/** Per batch and step: input rows, wall time and peak RSS; a batch's whole cycle as the step "cycle". */
async function stepTable(rows: readonly CycleRow[], runIds: readonly string[], times: Map<string, TaskTime[]>): Promise<StepRow[]> {
  const out: StepRow[] = [];
  let cumulative = 0;
  rows.forEach((row, i) => {
    cumulative += row.clean;
    const tasks = times.get(runIds[i] ?? '') ?? [];
    // Input rows of each step: the delivery for collect and preprocess, the CLEAN rows so far for
    // drift (its current rows against the reference) and train, the held-out rows for promote.
    const input: Record<string, number> = { collect: row.rows, preprocess: row.rows, drift: cumulative, train: cumulative, promote: cumulative };
    for (const step of steps) {
      const task = tasks.find((t) => t.task === step);
      if (!task) continue;
      out.push({ batch: row.batch, step, rows: input[step] ?? 0, seconds: (task.end - task.start) / 1000, peakMiB: processes.peak(step, task.start, task.end) / 2 ** 20, cpuSeconds: processes.cpuSeconds(step, task.start, task.end), tries: task.tries });
    }
    const first = Math.min(...tasks.map((t) => t.start));
    const last = Math.max(...tasks.map((t) => t.end));
    out.push({ batch: row.batch, step: 'cycle', rows: row.rows, seconds: (last - first) / 1000, peakMiB: 0, cpuSeconds: 0, tries: 0 });
  });
  return out;
}

/**
 * Each step's time at its largest input over its time at the first batch (realtor: 73,784 rows,
 * against 361,457 delivered or 1,084,909 cumulative), beside the ratio of their rows; and the
 * same from the second batch in which the step ran ("warm"): the first is each function's
 * first request since it started, and drift and promote have no production model to compare
 * with yet, so its times are not the same work.
 */
function growth(table: readonly StepRow[]): Array<{ step: string; rowsRatio: number; timeRatio: number; warmRowsRatio: number; warmTimeRatio: number }> {
  return steps.map((step) => {
    // A step that did not run for a batch (training skipped without drift) has no time to compare.
    const runs = table.filter((r) => r.step === step && r.rows > 0 && r.tries > 0);
    const [first, second] = [runs[0]!, runs[1] ?? runs[0]!];
    const large = runs.reduce((a, b) => (b.rows > a.rows ? b : a), first);
    const ratio = (from: StepRow) => ({ rows: large.rows / from.rows, time: large.seconds / Math.max(from.seconds, 1e-3) });
    const cold = ratio(first);
    const warm = ratio(second);
    return { step, rowsRatio: cold.rows, timeRatio: cold.time, warmRowsRatio: warm.rows, warmTimeRatio: warm.time };
  });
}

function printReport(report: { totalSeconds: number; batches: StepRow[]; growth: ReturnType<typeof growth>; predictBatch: Awaited<ReturnType<typeof predictBatch>> & { cpuSeconds: number }; servingPeaks: Record<string, number>; answers: Awaited<ReturnType<typeof answerSizes>>; views: Awaited<ReturnType<typeof checkViews>> }): void {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  console.log(`\n${line(['batch', 'step', 'input rows', 'seconds', 'CPU seconds', 'peak RSS MiB', 'tries'])}\n${line(['---', '---', '---:', '---:', '---:', '---:', '---:'])}`);
  const ifStep = (r: StepRow, text: string): string => (r.step === 'cycle' ? '' : text);
  for (const r of report.batches) console.log(line([r.batch, r.step, r.rows.toLocaleString('en-US'), r.seconds.toFixed(1), ifStep(r, r.cpuSeconds.toFixed(1)), ifStep(r, r.peakMiB.toFixed(0)), ifStep(r, String(r.tries))]));
  const growthHeader = ['step', 'rows ratio (largest input / first batch)', 'time ratio', 'rows ratio (largest / second batch)', 'time ratio'];
  console.log(`\nwhole run: ${report.totalSeconds.toFixed(0)} s\n\n${line(growthHeader)}\n${line(['---', '---:', '---:', '---:', '---:'])}`);
  for (const g of report.growth) console.log(line([g.step, ...[g.rowsRatio, g.timeRatio, g.warmRowsRatio, g.warmTimeRatio].map((x) => x.toFixed(2))]));
  const p = report.predictBatch;
  console.log(`\nPOST /predict/batch, ${p.rows.toLocaleString('en-US')} records (${(p.bytes / 2 ** 20).toFixed(1)} MiB of JSON): ${p.status}, ${p.predictions.toLocaleString('en-US')} predictions in ${p.seconds.toFixed(1)} s, ${p.cpuSeconds.toFixed(1)} CPU seconds`);
  console.log(`peak RSS MiB over the whole run, of the serving functions (the checks above) and the data API simulator: ${Object.entries(report.servingPeaks).map(([fn, mib]) => `${fn} ${mib.toFixed(0)}`).join(', ')}`);
  console.log(`\n${line(['answer', 'status', 'ms', 'bytes'])}\n${line(['---', '---:', '---:', '---:'])}`);
  for (const a of report.answers) console.log(line([a.what, String(a.status), a.ms.toFixed(0), a.bytes.toLocaleString('en-US')]));
  console.log(`\n${line(['view', 'heading', 'ms to load', 'console errors', 'screenshot'])}\n${line(['---', '---', '---:', '---', '---'])}`);
  for (const v of report.views) console.log(line([v.view, v.heading, v.ms.toFixed(0), v.errors.join('; ') || 'none', path.relative(process.cwd(), v.screenshot)]));
}
