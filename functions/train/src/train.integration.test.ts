import { AppError, datasets, derivedFeatures, encodeColumns, type TrainRequest, type TrainResponse } from '@tabular-ct/core';
import { predict, train } from '@tabular-ct/ml';
import {
  createMlflowClient,
  insertCleanBatch,
  loadConfig,
  loadModelVersion,
  readCleanRows,
  readRawRows,
  testServer,
  type MlflowClient,
  type RunningServer,
} from '@tabular-ct/platform';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { collectBatch } from '../../collect/src/collect-batch.ts';
import { forgetGroup } from '../../collect/src/testing/forget-group.ts';
import { openDataSide } from '../../collect/src/testing/open-data-side.ts';
import { serveTestDatasource } from '../../datasource/src/testing/serve-test-datasource.ts';
import { createPredictor } from '../../predict/src/predictor.ts';
import { assembleBatch, cleanRows } from '../../preprocess/src/process-rows.ts';
import { buildTrainingSets, comparableRows } from './feature-table.ts';
import { featureDefaults } from './feature-defaults.ts';
import { BASE_PARAMS, objectiveOf } from './search.ts';
import { trainBatch, type TrainDeps } from './train-batch.ts';

// CLEAN data made the way the pipeline makes it: the simulator serves realtor's plan, collect
// and preprocess's row processing run in process. A high group (the simulator serves 1-10;
// the main command uses 1), cursors under their own key and a clean-up before and after keep
// this apart from a pipeline a developer runs against the same stack; the versions and runs
// it registers for its batches are deleted afterwards. Every group serves the same rows, and
// CLEAN keeps a record once per dataset: the de-duplication key is salted with this run's id
// so that rows group 1 already holds are not all dropped as duplicates here.
const DATASET = 'realtor';
const GROUP = 8 + ((process.pid + 1) % 3);
const CURSOR_SUFFIX = `-train-it-${process.pid}`;
const batchId = (n: number): string => `${DATASET}-g${GROUP}-b${n}-d${n + 1}`;
const silent = (): void => undefined;
// A registered model of its own: the test never touches the versions or alias a pipeline serves.
const NAME = `test-train-${process.pid}`;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const python = path.join(process.env.TABULAR_CT_CACHE ?? path.join(repoRoot, '.cache'), 'venv', 'bin', 'python');

/** MLflow's own Python loader on a registered version: `mlflow.pyfunc` predicts rows given as JSON on stdin (onnx's pyfunc answers a dict of outputs). */
const PYFUNC_PREDICT = `
import json, sys, mlflow, numpy as np, pandas as pd
model = mlflow.pyfunc.load_model(sys.argv[1])
columns = json.load(sys.stdin)
frame = pd.DataFrame({k: np.array([np.nan if x is None else x for x in v], dtype=np.float64) if k in sys.argv[2].split(',') else np.array(v, dtype=object) for k, v in columns.items()})
out = model.predict(frame)
out = next(iter(out.values())) if isinstance(out, dict) else out
print(json.dumps(np.asarray(out, dtype=np.float64).ravel().tolist()))
`;

/** The venv's python with some arguments and stdin: its stdout on success, else its stdout and stderr. */
function venvPython(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output: code === 0 ? output : output + errors }));
    child.stdin.end(stdin);
  });
}

// ONNX against the TypeScript predictor: the TreeEnsembleRegressor outputs float32, about
// 6e-8 relative before expm1 (export-parity.test.ts); 1e-5 relative is the bound of every
// ONNX parity test (docs/architecture.md, "Decisions and their measured reasons").
const TOLERANCE = 1e-5;

describe('the train function on the real stack', () => {
  const stackEnv = inject('stackEnv');
  const config = loadConfig(stackEnv, ['database', 'objectStore', 'mlflow', 'datasource']);
  const mlflow = createMlflowClient(config.mlflow);
  const { rawPool, cleanPool, sourcePool, store } = openDataSide(config);
  let api: RunningServer;
  let deps: TrainDeps;
  const snapshots = new Set<string>();

  /** Raw MLflow REST for what the client does not need in production: deleting test records. */
  const mlflowRest = async (method: string, endpoint: string, body: unknown): Promise<void> => {
    await fetch(`${config.mlflow.trackingUri}/api/2.0/mlflow/${endpoint}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  };
  const versionsOf = async (id: string) => (await mlflow.registry.searchModelVersions({ filter: `name = '${NAME}' AND tag.batch_id = '${id}'` })).versions;
  const runsOf = async (id: string) => {
    const experiment = await mlflow.experiments.findByName(NAME);
    return experiment ? (await mlflow.runs.search({ experimentIds: [experiment.experiment_id], filter: `tags.batch_id = '${id}'` })).runs : [];
  };

  const cleanUp = async (): Promise<void> => {
    for (const n of [0, 1]) {
      for (const v of await versionsOf(batchId(n))) await mlflowRest('DELETE', 'model-versions/delete', { name: NAME, version: v.version });
      for (const r of await runsOf(batchId(n))) await mlflowRest('POST', 'runs/delete', { run_id: r.info.run_id });
    }
    await forgetGroup({ rawPool, cleanPool, store }, DATASET, GROUP);
    await sourcePool.query('DELETE FROM cursors WHERE dataset = $1', [DATASET + CURSOR_SUFFIX]);
    for (const key of snapshots) await store.delete(key);
  };

  beforeAll(async () => {
    deps = { cleanPool, store, bucket: config.objectStore.bucket, mlflow, log: silent, modelName: () => NAME, leaseWaitMs: 60_000 };
    await cleanUp();
    api = await serveTestDatasource({ dataset: DATASET, pool: sourcePool, datasetsDir: config.datasource.datasetsDir, cursorSuffix: CURSOR_SUFFIX });
    // Two batches: for_sale up to $300k, 333 and 334 rows.
    for (const n of [0, 1]) {
      const collected = await collectBatch(
        { rawPool, store, dataApi: { timeoutMs: 60_000, attempts: 2, backoffMs: 100, allowedUrls: [api.url] }, log: silent },
        { dataset: DATASET, source_url: api.url, group_number: GROUP },
      );
      expect(collected.batch_id).toBe(batchId(n));
      const raw = await readRawRows(rawPool, batchId(n));
      const cleaned = cleanRows(datasets[DATASET], raw, (text) => createHash('sha256').update(CURSOR_SUFFIX).update(text).digest('hex'));
      const processed = assembleBatch(datasets[DATASET], cleaned, new Set());
      const summary = { batch_id: batchId(n), dataset: DATASET, rows_in: raw.length, rows_clean: processed.rows.length, rows_rejected: processed.rejects.length, rows_duplicate: processed.duplicates.length };
      expect(await insertCleanBatch(cleanPool, { summary, ...processed })).toBe('inserted');
    }
  });

  afterAll(async () => {
    await api?.close();
    await cleanUp();
    await Promise.all([rawPool.end(), cleanPool.end(), sourcePool.end()]);
  });

  const reasons = ['baseline: the first batch of the group trains the first model'];

  it('a training that dies before registration leaves no version; the retry registers one and fails the stale run', async () => {
    // Dies right after the logged model is complete, the step before registration: the
    // latest point a failure can happen and still leave nothing registered.
    const dying: MlflowClient = {
      ...mlflow,
      loggedModels: {
        ...mlflow.loggedModels,
        finalize: async () => {
          throw new AppError('upstream_unavailable', 'killed for the test');
        },
      },
    };
    await expect(trainBatch({ ...deps, mlflow: dying }, { dataset: DATASET, batch_id: batchId(0), reasons })).rejects.toThrow('killed for the test');
    expect(await versionsOf(batchId(0))).toEqual([]);
    const [failed] = await runsOf(batchId(0));
    expect(failed?.info.status).toBe('FAILED');

    // A kill -9 leaves its run RUNNING: the next attempt marks it FAILED.
    const experiment = await mlflow.experiments.getByName(NAME);
    const stale = await mlflow.runs.create({ experimentId: experiment.experiment_id, runName: 'killed', tags: [{ key: 'batch_id', value: batchId(0) }] });
    const retried = await trainBatch(deps, { dataset: DATASET, batch_id: batchId(0), reasons });
    snapshots.add(`snapshots/${DATASET}/${retried.data.digest}.jsonl.gz`);
    expect(retried.status).toBe('trained');
    expect(await versionsOf(batchId(0))).toHaveLength(1);
    expect((await mlflow.runs.get(stale.info.run_id)).info.status).toBe('FAILED');
  });

  describe('training on the data seen so far', () => {
    let answer: TrainResponse;
    const driftReport = {
      dataset: DATASET,
      batch_id: batchId(1),
      reference: { batch_id: batchId(0), rows: 300 },
      current: { rows: 300 },
      columns: [],
      dataset_drift: { drifted_share: 0.5, threshold: 0.5, drifted: true },
    };
    const trainReasons = ['house_size drifted: Wasserstein 0.31 > 0.1', 'state: 2 new categories (Utah 4%)'];

    // Retries sent while the first attempt is still training: the first is held just before it
    // opens its run, so the retries certainly arrive mid-training.
    let retries: { impatient: unknown; patient: TrainResponse; runsWhileHeld: number };
    beforeAll(async () => {
      const started = performance.now();
      const request: TrainRequest = { dataset: DATASET, batch_id: batchId(1), reasons: trainReasons, drift_report: driftReport };
      let release = (): void => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let reachedRun = (): void => undefined;
      const atRun = new Promise<void>((resolve) => (reachedRun = resolve));
      const held: MlflowClient = {
        ...mlflow,
        runs: {
          ...mlflow.runs,
          create: async (...args) => {
            reachedRun();
            await gate;
            return mlflow.runs.create(...args);
          },
        },
      };
      const first = trainBatch({ ...deps, mlflow: held }, request);
      // A first attempt that fails early must fail the hook, not leave it waiting for the gate.
      await Promise.race([atRun, first]);
      const impatient = await trainBatch({ ...deps, leaseWaitMs: 0 }, request).catch((error: unknown) => error);
      const patient = trainBatch(deps, request);
      const runsWhileHeld = (await runsOf(batchId(1))).length;
      release();
      answer = await first;
      retries = { impatient, patient: await patient, runsWhileHeld };
      console.log(`train ${batchId(1)}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      snapshots.add(`snapshots/${DATASET}/${answer.data.digest}.jsonl.gz`);
    });

    it('answers a retry sent during the training with who trains it and since when, and a patient retry with the one version', async () => {
      expect(retries.runsWhileHeld).toBe(0);
      expect(retries.impatient).toBeInstanceOf(AppError);
      expect(retries.impatient).toMatchObject({ code: 'conflict', details: { batch_id: batchId(1), state: 'training' } });
      const details = (retries.impatient as AppError).details as { holder: string; since: string };
      expect(details.holder).toMatch(new RegExp(`^train .+ pid ${process.pid}$`));
      expect(Date.parse(details.since)).toBeLessThanOrEqual(Date.now());
      expect(retries.patient).toEqual({ ...answer, status: 'already_trained' });
      expect(await versionsOf(batchId(1))).toHaveLength(1);
      expect(await runsOf(batchId(1))).toHaveLength(1);
    });

    it('trains cumulatively on every batch so far and registers a version tagged with batch, reasons and data digest', async () => {
      expect(answer).toMatchObject({ status: 'trained', dataset: DATASET, batch_id: batchId(1), model_name: NAME });
      const stored = await cleanPool.query<{ split: string; n: number }>(
        'SELECT split, count(*)::int AS n FROM clean_rows WHERE batch_id = ANY($1) GROUP BY split',
        [[batchId(0), batchId(1)]],
      );
      expect(answer.data.rows).toEqual(Object.fromEntries(stored.rows.map((r) => [r.split, r.n])));
      const version = await mlflow.registry.getModelVersion(NAME, answer.version);
      const tags = Object.fromEntries((version.tags ?? []).map((t) => [t.key, t.value]));
      expect(tags).toMatchObject({
        batch_id: batchId(1),
        reasons: trainReasons.join('\n'),
        data_digest: answer.data.digest,
        data_location: `s3://${config.objectStore.bucket}/snapshots/${DATASET}/${answer.data.digest}.jsonl.gz`,
        data_policy: 'cumulative',
      });
      expect(Number(tags.test_rmse_log1p)).toBe(answer.metrics.test.rmse_log1p);
      expect(version.run_id).toBe(answer.run_id);
      expect(version.source).toMatch(/^models:\/m-[0-9a-f]{32}$/);
    });

    it('logs the run: params, validation and test metrics, the snapshot as a dataset input, and its artifacts', async () => {
      const run = await mlflow.runs.get(answer.run_id);
      expect(run.info.status).toBe('FINISHED');
      const params = Object.fromEntries((run.data.params ?? []).map((p) => [p.key, p.value]));
      expect(params).toEqual(answer.params);
      expect(params).toMatchObject({ data_policy: 'cumulative', batches: '2', first_batch: batchId(0), objective: 'regression', target_transform: 'log1p' });
      expect(Object.keys(params)).toEqual(expect.arrayContaining(['num_leaves', 'learning_rate', 'min_data_in_leaf', 'best_iteration', 'search_grid']));
      const metrics = Object.fromEntries((run.data.metrics ?? []).map((m) => [m.key, m.value]));
      for (const key of ['rmse_log1p', 'rmse', 'mae', 'r2', 'mape']) {
        expect(metrics[`validation_${key}`]).toBe(answer.metrics.validation[key]);
        expect(metrics[`test_${key}`]).toBe(answer.metrics.test[key]);
      }
      const [input] = run.inputs?.dataset_inputs ?? [];
      expect(input?.dataset).toMatchObject({ digest: answer.data.digest.slice(0, 32), source_type: 's3', source: JSON.stringify({ uri: answer.data.location }) });

      const files = (await mlflow.artifacts.list(run.info.artifact_uri ?? '')).map((f) => f.path).sort();
      expect(files).toEqual(['drift_report.json', 'feature_importance.json', 'search.json']);
      const drift = JSON.parse((await mlflow.artifacts.download(run.info.artifact_uri ?? '', 'drift_report.json')).toString('utf8')) as unknown;
      expect(drift).toEqual({ reasons: trainReasons, report: driftReport });
      const importance = JSON.parse((await mlflow.artifacts.download(run.info.artifact_uri ?? '', 'feature_importance.json')).toString('utf8')) as Array<{ feature: string; splits: number }>;
      // Every feature the trees read: the raw inputs and the derived ones.
      const treeFeatures = [...buildTrainingSets(datasets.realtor, []).features, ...(datasets.realtor.derived ?? [])].map((f) => f.name);
      expect(importance.map((u) => u.feature).sort()).toEqual(treeFeatures.sort());
      // Every test metric answered is the one logged, those of rows with or without a missing field included.
      for (const [key, value] of Object.entries(answer.metrics.test)) expect(metrics[`test_${key}`]).toBe(value);
      expect(importance.reduce((s, u) => s + u.splits, 0)).toBeGreaterThan(0);
    });

    it('stores the exact training rows: the snapshot unzips to the digest and holds every row of every split', async () => {
      const text = gunzipSync(await store.get(`snapshots/${DATASET}/${answer.data.digest}.jsonl.gz`));
      expect(createHash('sha256').update(text).digest('hex')).toBe(answer.data.digest);
      const lines = text.toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { batch_id: string; split: string });
      expect(lines).toHaveLength(answer.data.rows.train + answer.data.rows.validation + answer.data.rows.test);
      expect(new Set(lines.map((l) => l.batch_id))).toEqual(new Set([batchId(0), batchId(1)]));
    });

    it('ships a model whose files download and whose ONNX graph predicts what the TypeScript model predicts', async () => {
      const uri = await mlflow.registry.getModelVersionDownloadUri(NAME, answer.version);
      const files = (await mlflow.artifacts.list(uri)).map((f) => f.path);
      expect(files).toEqual(expect.arrayContaining(['model.onnx', 'MLmodel', 'feature_spec.json', 'python_env.yaml', 'requirements.txt', 'conda.yaml']));
      expect((await mlflow.artifacts.download(uri, 'MLmodel')).toString('utf8')).toContain('loader_module: mlflow.onnx');

      // The same data and the chosen parameters give the same model (fixed seed): its
      // TypeScript predictions are the reference the downloaded graph must reproduce.
      const rows = await readCleanRows(cleanPool, [batchId(0), batchId(1)]);
      const derived = await derivedFeatures(datasets.realtor, { train: comparableRows(datasets.realtor, rows) });
      if (!derived.ok) throw new Error(derived.error);
      const sets = buildTrainingSets(datasets.realtor, rows, derived.value);
      const p = answer.params;
      const { model } = train(
        sets.train,
        { ...objectiveOf(datasets.realtor), ...BASE_PARAMS, numLeaves: Number(p.num_leaves), learningRate: Number(p.learning_rate), minDataInLeaf: Number(p.min_data_in_leaf) },
        sets.validation,
      );
      expect(model.trees.roots.length).toBe(Number(p.best_iteration));
      const expected = predict(model, sets.test.data);

      const loaded = await loadModelVersion(mlflow, NAME, answer.version);
      try {
        const testRows = rows.filter((r) => r.split === 'test');
        // The graph takes the raw columns only: it computes the derived features itself.
        expect(loaded.featureSpec.features.map((f) => f.name)).toEqual(sets.features.map((f) => f.name));
        expect(files).toContain('derived_features.json');
        const onnx = await loaded.run(encodeColumns(sets.features, testRows.map((r) => r.features)));
        expect(expected.length).toBeGreaterThan(50);
        expect(onnx).toHaveLength(expected.length);
        for (let i = 0; i < expected.length; i++) expect(Math.abs(onnx[i]! - expected[i]!) / Math.abs(expected[i]!)).toBeLessThan(TOLERANCE);
        const shipped = JSON.parse((await mlflow.artifacts.download(uri, 'feature_spec.json')).toString('utf8')) as { defaults: Record<string, unknown> };
        expect(shipped).toMatchObject({
          training_data: { digest: answer.data.digest, location: answer.data.location },
          encodings: expect.arrayContaining([expect.objectContaining({ name: 'prev_sold_date', encoding: 'days-since-epoch' })]),
          // A typical training value of every feature, for the predictor's GET /model.
          defaults: featureDefaults(datasets.realtor, rows.filter((r) => r.split === 'train').map((r) => r.features)),
        });
        expect(Object.keys(shipped.defaults).sort()).toEqual(sets.features.map((f) => f.name).sort());
      } finally {
        await loaded.release();
      }
    });

    it("shows the shipped defaults in the predictor's GET /model", async () => {
      // The predictor follows an alias; this one is the test's own and goes with the model.
      await mlflow.registry.setAlias(NAME, 'defaults-check', answer.version);
      const predictorConfig = loadConfig({ ...stackEnv, MODEL_NAME: NAME, MODEL_ALIAS: 'defaults-check', RELOAD_TOKEN: 'train-it-reload-token-0123' }, ['predictor']).predictor;
      const predictor = createPredictor({ predictor: { ...predictorConfig, pollSeconds: 3600 }, mlflow: config.mlflow, rawPool, store, log: silent });
      const running = await testServer(predictor.listener, { name: 'predict' });
      try {
        expect(await predictor.holder.start()).toMatchObject({ status: 'swapped', served: answer.version });
        const meta = (await (await fetch(`${running.url}/model`)).json()) as { features: { name: string; default?: unknown }[]; notes: string[] };
        const rows = (await readCleanRows(cleanPool, [batchId(0), batchId(1)])).filter((r) => r.split === 'train');
        const expected = featureDefaults(datasets.realtor, rows.map((r) => r.features));
        expect(Object.fromEntries(meta.features.map((f) => [f.name, f.default]))).toEqual(expected);
        expect(meta.notes.join(' ')).not.toContain('no defaults');
      } finally {
        await running.close();
        await predictor.shutdown();
        await mlflow.registry.deleteAlias(NAME, 'defaults-check');
      }
    });

    it('loads in mlflow.pyfunc from the registry and predicts the same numbers', async () => {
      const rows = (await readCleanRows(cleanPool, [batchId(0), batchId(1)])).filter((r) => r.split === 'test').slice(0, 50);
      const sets = buildTrainingSets(datasets.realtor, rows.map((r) => ({ ...r, split: 'train' as const })));
      const columns = encodeColumns(sets.features, rows.map((r) => r.features));
      const json = Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, v instanceof Float64Array ? [...v].map((x) => (Number.isNaN(x) ? null : x)) : v]));
      const numeric = sets.features.filter((f) => f.kind === 'numeric').map((f) => f.name);
      const { code, output } = await venvPython(['-c', PYFUNC_PREDICT, `models:/${NAME}/${answer.version}`, numeric.join(',')], { MLFLOW_TRACKING_URI: stackEnv.MLFLOW_TRACKING_URI! }, JSON.stringify(json));
      expect(code, output).toBe(0);
      const fromPython = JSON.parse(output) as number[];
      const loaded = await loadModelVersion(mlflow, NAME, answer.version);
      try {
        const fromNode = await loaded.run(columns);
        expect(fromPython).toHaveLength(rows.length);
        fromPython.forEach((v, i) => expect(Math.abs(v - fromNode[i]!) / Math.abs(fromNode[i]!)).toBeLessThan(TOLERANCE));
      } finally {
        await loaded.release();
      }
    });

    it("gives MLflow's Python client the model's metrics to search, its id in MLmodel and a serving example it predicts", async () => {
      const version = await mlflow.registry.getModelVersion(NAME, answer.version);
      const metrics = Object.fromEntries(Object.entries(answer.metrics).flatMap(([split, values]) => Object.entries(values).map(([k, v]) => [`${split}_${k}`, v])));
      const { code, output } = await venvPython(['-m', 'pytest', 'python/interop/test_trained_model.py', '-q', '-p', 'no:cacheprovider'], {
        MLFLOW_TRACKING_URI: stackEnv.MLFLOW_TRACKING_URI!,
        TRAINED_MODEL_ID: version.source!.replace('models:/', ''),
        TRAINED_METRICS: JSON.stringify(metrics),
        TRAINED_DATASET: JSON.stringify({ name: `${DATASET}-training`, digest: answer.data.digest.slice(0, 32) }),
      });
      expect(code, output).toBe(0);
    });

    it('answers a second call for the batch from the registry and creates nothing', async () => {
      const runsBefore = (await runsOf(batchId(1))).length;
      const again = await trainBatch(deps, { dataset: DATASET, batch_id: batchId(1), reasons: trainReasons, drift_report: driftReport });
      expect(again).toEqual({ ...answer, status: 'already_trained' });
      expect(await versionsOf(batchId(1))).toHaveLength(1);
      expect(await runsOf(batchId(1))).toHaveLength(runsBefore);
    });
  });
});
