/**
 * Benchmark: serving and explanations (issue 6, item 3), against the real local stack.
 * One table: single-row latency in process; HTTP throughput and p99 of the predictor pinned
 * to one core at 1, 16 and 64 clients; cold start to the first successful prediction; our
 * KernelSHAP and TreeSHAP against Python shap on the same model, background and rows.
 * The served model is a 300-tree, 31-leaf realtor model trained here on synthetic rows and
 * registered as a bench-only registered model, deleted at the end.
 * Usage: npx tsx bench/serving.ts [seconds per HTTP level]   (default 10)
 */
import { datasets } from '@tabular-ct/core';
import { createFunctionMetrics, createInferenceLog, createMlflowClient, createPool, createPredictorMetrics, loadConfig } from '@tabular-ct/platform';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { loadServedModel } from '../functions/predict/src/load-served-model.ts';
import { createModelHolder } from '../functions/predict/src/model-holder.ts';
import { predictRecords } from '../functions/predict/src/predict-rows.ts';
import { startStack } from '../scripts/stack/stack.ts';
import type { ShapTimings } from './serving-shap.ts';
import { goodRow, registerServingModel, servingModelFiles } from './serving-model.ts';

const secondsPerLevel = Number(process.argv[2] ?? 10);
const MODEL = `bench-serving-${process.pid}`;
const ALIAS = 'production';
const TOKEN = 'bench-serving-reload-token-0123456789';
const IN_PROCESS_CALLS = 20_000;
const COLD_STARTS = 5;
const LEVELS = [1, 16, 64];
const quiet = () => undefined;

const stack = await startStack();
const config = loadConfig({ ...stack.env, MODEL_NAME: MODEL, RELOAD_TOKEN: TOKEN, PREDICTOR_DATASET: 'realtor' }, ['database', 'mlflow', 'predictor']);
const mlflow = createMlflowClient(config.mlflow);
const rawPool = createPool(config.database.rawUrl);

const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** The predictor as its own process on core 0, as main.ts starts in a container. */
function spawnPredictor(port: number): ChildProcess {
  const env = { ...process.env, ...stack.env, PORT: String(port), HOST: '127.0.0.1', PREDICTOR_DATASET: 'realtor', MODEL_NAME: MODEL, RELOAD_TOKEN: TOKEN };
  return spawn('taskset', ['-c', '0', process.execPath, '--import', 'tsx', 'functions/predict/src/main.ts'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function stopPredictor(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

const postJson = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Spawn to first 200 prediction: process start, module loading, alias resolution, download, session. */
async function coldStart(): Promise<{ ms: number; listeningMs: number; coldStartSeconds: number; loadSeconds: number }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const spawned = performance.now();
  const child = spawnPredictor(port);
  let listeningMs = NaN;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`predictor exited with ${child.exitCode} during cold start`);
      const ready = await fetch(`${base}/ready`).then((r) => r.status, () => 0);
      // Any answer (503 before the model is loaded) means node, tsx and the modules are up.
      if (ready !== 0 && Number.isNaN(listeningMs)) listeningMs = performance.now() - spawned;
      if (ready === 200) {
        const res = await postJson(`${base}/predict`, goodRow);
        await res.arrayBuffer();
        if (res.status === 200) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const ms = performance.now() - spawned;
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const gauge = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
    return { ms, listeningMs, coldStartSeconds: gauge('predictor_cold_start_seconds'), loadSeconds: gauge('model_load_seconds_sum') };
  } finally {
    await stopPredictor(child);
  }
}

/** Runs the load generator on core 1 against the predictor. */
async function load(url: string, clients: number): Promise<{ rps: number; p50: number; p99: number; errors: number; requests: number }> {
  const child = spawn('taskset', ['-c', '1', process.execPath, '--import', 'tsx', 'bench/serving-load.ts', url, String(clients), String(secondsPerLevel), JSON.stringify(goodRow)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as { rps: number; p50: number; p99: number; errors: number; requests: number };
}

async function cleanUp(): Promise<void> {
  await fetch(`${config.mlflow.trackingUri}/api/2.0/mlflow/registered-models/delete`, {
    method: 'DELETE',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: MODEL }),
  });
  // The bench's experiment (its run and logged model) goes too; MLflow only marks it deleted.
  const found = await fetch(`${config.mlflow.trackingUri}/api/2.0/mlflow/experiments/get-by-name?experiment_name=${encodeURIComponent(MODEL)}`);
  const experimentId = found.ok ? ((await found.json()) as { experiment?: { experiment_id?: string } }).experiment?.experiment_id : undefined;
  if (experimentId) {
    await fetch(`${config.mlflow.trackingUri}/api/2.0/mlflow/experiments/delete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ experiment_id: experimentId }),
    });
  }
  await rawPool.query('DELETE FROM inference_log WHERE model_name = $1', [MODEL]);
}

try {
  const trainStarted = performance.now();
  const { files, trees } = servingModelFiles();
  const version = await registerServingModel(mlflow, MODEL, ALIAS, files);
  console.log(`trained ${trees} trees in ${((performance.now() - trainStarted) / 1000).toFixed(1)} s, registered ${MODEL} version ${version}; model.onnx ${((files['model.onnx'] as Uint8Array).length / 1024).toFixed(0)} KiB`);

  // In process: the POST /predict handler's work minus the socket and JSON (de)serialization,
  // wired as predictor.ts wires it (validation, encoding, the onnxruntime run, metrics, the
  // inference log's append; the log writes to PostgreSQL in the background as in production).
  const spec = datasets.realtor;
  const functionMetrics = createFunctionMetrics('predict');
  const metrics = createPredictorMetrics(functionMetrics.registry);
  const p = config.predictor;
  const inferenceLog = createInferenceLog(rawPool, { batchSize: p.logBatchSize, flushMs: p.logFlushMs, maxBacklog: p.logMaxBacklog, log: quiet, onBacklog: metrics.setLogBacklog, onDropped: metrics.countLogDropped });
  const target = { name: MODEL, alias: ALIAS };
  const holder = createModelHolder({
    ...target,
    pollSeconds: 3600,
    resolve: async () => (await mlflow.registry.findVersionByAlias(MODEL, ALIAS))?.version,
    load: (v) => loadServedModel(mlflow, spec, target, v, quiet),
    metrics,
    log: quiet,
  });
  await holder.start();
  const deps = { spec, holder, inferenceLog, metrics };
  const request = { records: () => [goodRow], source: 'json' as const, single: true };
  for (let i = 0; i < 2_000; i++) await predictRecords(deps, request);
  const inProcess: number[] = [];
  for (let i = 0; i < IN_PROCESS_CALLS; i++) {
    const started = process.hrtime.bigint();
    await predictRecords(deps, request);
    inProcess.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  inProcess.sort((a, b) => a - b);
  await holder.stop();
  await inferenceLog.close();
  console.log(`in process: ${IN_PROCESS_CALLS} calls, p50 ${quantile(inProcess, 0.5).toFixed(3)} ms, p99 ${quantile(inProcess, 0.99).toFixed(3)} ms`);

  const colds = [];
  for (let i = 0; i < COLD_STARTS; i++) {
    colds.push(await coldStart());
    console.log(`cold start ${i + 1}: ${colds.at(-1)!.ms.toFixed(0)} ms (listening after ${colds.at(-1)!.listeningMs.toFixed(0)} ms)`);
  }
  const median = <T>(xs: T[], key: (x: T) => number) => [...xs].map(key).sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const cold = { ms: median(colds, (c) => c.ms), listening: median(colds, (c) => c.listeningMs), metric: median(colds, (c) => c.coldStartSeconds), load: median(colds, (c) => c.loadSeconds) };

  const port = await freePort();
  const server = spawnPredictor(port);
  const http: { clients: number; rps: number; p50: number; p99: number; errors: number; requests: number }[] = [];
  try {
    for (;;) {
      if ((await fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.status, () => 0)) === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const clients of LEVELS) {
      http.push({ clients, ...(await load(`http://127.0.0.1:${port}/predict`, clients)) });
      console.log(`HTTP ${clients} clients: ${JSON.stringify(http.at(-1))}`);
    }
  } finally {
    await stopPredictor(server);
  }

  const shapRun = spawn(process.execPath, ['--import', 'tsx', 'bench/serving-shap.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let shapOut = '';
  shapRun.stdout.on('data', (chunk: Buffer) => (shapOut += chunk.toString()));
  const [shapCode] = (await once(shapRun, 'exit')) as [number];
  if (shapCode !== 0) throw new Error(`bench/serving-shap.ts exited with ${shapCode}`);
  const shap = JSON.parse(shapOut.trim().split('\n').at(-1)!) as ShapTimings;

  const rows: [string, string, string, string, string, string][] = [];
  const f = (x: number, d: number) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
  const met = (ok: boolean) => (ok ? 'yes' : 'no');
  rows.push(['in process, single row p50 (ms)', f(quantile(inProcess, 0.5), 3), '', '', '', '']);
  rows.push(['in process, single row p99 (ms)', f(quantile(inProcess, 0.99), 3), '', '', '< 1', met(quantile(inProcess, 0.99) < 1)]);
  for (const h of http) {
    // The targets are for concurrent load; one client is the latency floor.
    rows.push([`HTTP ${h.clients} client${h.clients > 1 ? 's' : ''}: req/s`, f(h.rps, 0), '', '', h.clients === 1 ? '' : '>= 3,000', h.clients === 1 ? '' : met(h.rps >= 3000)]);
    rows.push([`HTTP ${h.clients} client${h.clients > 1 ? 's' : ''}: p50 / p99 (ms), errors`, `${f(h.p50, 2)} / ${f(h.p99, 2)}, ${h.errors}`, '', '', h.clients === 1 ? '' : 'p99 < 10', h.clients === 1 ? '' : met(h.p99 < 10)]);
  }
  rows.push([`cold start to first prediction, median of ${COLD_STARTS} (ms)`, f(cold.ms, 0), '', '', '< 1,000', met(cold.ms < 1000)]);
  rows.push(['  of which spawn to listening (node, tsx, modules) (ms)', f(cold.listening, 0), '', '', '', '']);
  rows.push(['  predictor_cold_start_seconds / model_load_seconds (ms)', `${f(cold.metric * 1000, 0)} / ${f(cold.load * 1000, 0)}`, '', '', '', '']);
  rows.push([`KernelSHAP, 10 features, bg ${shap.kernel.background}, ${shap.kernel.coalitions} coalitions (ms/row)`, f(shap.kernel.oursMs, 2), f(shap.kernel.shapMs, 2), `${f(shap.kernel.shapMs / shap.kernel.oursMs, 1)}x`, '>= 20x', met(shap.kernel.shapMs / shap.kernel.oursMs >= 20)]);
  rows.push(['TreeSHAP, 300 trees x 31 leaves, 10 features (ms/row)', f(shap.tree.oursMs, 3), f(shap.tree.shapMs, 3), `${f(shap.tree.shapMs / shap.tree.oursMs, 2)}x`, '', '']);

  const header = ['measure', 'ours', `shap ${shap.shapVersion}`, 'speed-up', 'target', 'met?'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(`\n${new Date().toISOString()}  node ${process.version}  ${secondsPerLevel} s per HTTP level\n`);
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  console.log(`\nSHAP values agree with shap: max abs diff TreeSHAP ${shap.tree.maxAbsDiff.toExponential(1)}, KernelSHAP ${shap.kernel.maxAbsDiff.toExponential(1)}`);
} finally {
  await cleanUp();
  await rawPool.end();
  await stack.stop();
}
