import type { MlflowLoggedModel } from '@tabular-ct/core';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { failure } from '../testing/failure.ts';
import { createMlflowClient } from './client.ts';

// The whole path a training run takes, against the stack's MLflow 3.18 (PostgreSQL backend,
// S3 artifacts in the stack's object store served through the server), then read back by the official Python
// client. Steps share state and run in order; names are unique so a reused stack is fine.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const python = path.join(process.env.TABULAR_CT_CACHE ?? path.join(repoRoot, '.cache'), 'venv', 'bin', 'python');
const unique = `${process.pid}-${Date.now()}`;

/** Bytes that look like nothing in particular, 3 MB so the upload really streams in chunks. */
function modelBytes(): Buffer {
  const bytes = Buffer.alloc(3 * 1024 * 1024);
  let state = 0x2545f491;
  for (let i = 0; i < bytes.length; i += 4) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes.writeUInt32LE(state, i);
  }
  return bytes;
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Runs a command to its end; output is kept to show it when the check fails. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('MLflow client against the local stack', () => {
  const stackEnv = inject('stackEnv');
  const client = createMlflowClient(loadConfig(stackEnv, ['mlflow']).mlflow);
  const experimentName = `test-mlflow-client-${unique}`;
  const modelName = `test-model-${unique}`;
  const bytes = modelBytes();
  const mlmodel = 'artifact_path: model\nflavors:\n  onnx:\n    data: model.onnx\n';
  const params = { learning_rate: '0.1', max_leaf_nodes: '31', policy: 'cumulative' };
  // Three steps of each metric: MLflow (and Python) report the value of the latest step.
  const metrics = [0, 1, 2].flatMap((step) => [
    { key: 'rmse', value: 1000 / (step + 1), step },
    { key: 'r2', value: 0.5 + step / 10, step },
  ]);
  const latest = { rmse: 1000 / 3, r2: 0.7 };
  const dataset = { name: 'realtor-clean', digest: sha256(Buffer.from(unique)).slice(0, 36), source_type: 's3', source: JSON.stringify({ uri: 's3://tabular-ct/snapshots/x.parquet' }) };

  let experimentId = '';
  let runId = '';
  let model: MlflowLoggedModel;
  let version = '';

  it('gets or creates an experiment, once', async () => {
    experimentId = await client.experiments.getOrCreate(experimentName);
    expect(await client.experiments.getOrCreate(experimentName)).toBe(experimentId);
    const experiment = await client.experiments.getByName(experimentName);
    expect(experiment).toMatchObject({ experiment_id: experimentId, name: experimentName, lifecycle_stage: 'active' });
    expect(await client.experiments.findByName(`missing-${unique}`)).toBeUndefined();
    expect((await failure(client.experiments.getByName(`missing-${unique}`))).code).toBe('not_found');
    expect((await failure(client.experiments.create(experimentName))).code).toBe('conflict');
  });

  it('records a run: params, metrics, tags and its training dataset', async () => {
    const created = await client.runs.create({ experimentId, runName: 'train', tags: [{ key: 'batch', value: '3' }] });
    runId = created.info.run_id;
    expect(created.info.status).toBe('RUNNING');
    await client.runs.logBatch(runId, {
      params: Object.entries(params).map(([key, value]) => ({ key, value })),
      metrics,
      tags: [{ key: 'trigger', value: 'drift' }],
    });
    await client.runs.logInputs(runId, [{ dataset, tags: [{ key: 'mlflow.data.context', value: 'training' }] }]);
    const info = await client.runs.update(runId, { status: 'FINISHED' });
    expect(info.status).toBe('FINISHED');
    expect(info.end_time).toBeGreaterThan(0);

    const stored = await client.runs.get(runId);
    expect(Object.fromEntries((stored.data.params ?? []).map((p) => [p.key, p.value]))).toEqual(params);
    expect(Object.fromEntries((stored.data.metrics ?? []).map((m) => [m.key, m.value]))).toEqual(latest);
    expect(stored.data.tags).toEqual(expect.arrayContaining([{ key: 'batch', value: '3' }, { key: 'trigger', value: 'drift' }]));
    expect(stored.inputs?.dataset_inputs?.[0]?.dataset).toMatchObject(dataset);
  });

  it('refuses to change a logged param, as invalid_request', async () => {
    const error = await failure(client.runs.logBatch(runId, { params: [{ key: 'learning_rate', value: '0.2' }] }));
    expect(error.code).toBe('invalid_request');
    expect(error.details).toMatchObject({ errorCode: 'INVALID_PARAMETER_VALUE' });
  });

  it('logs a model, streams its files through the server and finalizes it', async () => {
    model = await client.loggedModels.create({ experimentId, name: 'model', sourceRunId: runId });
    expect(model.info.status).toBe('LOGGED_MODEL_PENDING');
    expect(model.info.artifact_uri).toMatch(/^mlflow-artifacts:/);
    // A stream in 64 KiB pieces: sent as read (chunked), never joined in memory by the client.
    const pieces = Array.from({ length: bytes.length / 65_536 }, (_, i) => bytes.subarray(i * 65_536, (i + 1) * 65_536));
    await client.loggedModels.uploadFile(model, 'model.onnx', Readable.from(pieces));
    await client.loggedModels.uploadFile(model, 'MLmodel', mlmodel);
    const files = await client.artifacts.list(model.info.artifact_uri);
    expect(files).toEqual(
      expect.arrayContaining([
        { path: 'model.onnx', is_dir: false, file_size: bytes.length },
        { path: 'MLmodel', is_dir: false, file_size: Buffer.byteLength(mlmodel) },
      ]),
    );
    const ready = await client.loggedModels.finalize(model.info.model_id);
    expect(ready.info.status).toBe('LOGGED_MODEL_READY');
    expect((await client.loggedModels.get(model.info.model_id)).info).toMatchObject({ status: 'LOGGED_MODEL_READY', source_run_id: runId });
  });

  it('registers a version of the logged model', async () => {
    const registered = await client.registry.getOrCreateRegisteredModel(modelName);
    expect(registered.name).toBe(modelName);
    expect((await client.registry.getOrCreateRegisteredModel(modelName)).name).toBe(modelName);
    expect((await failure(client.registry.createRegisteredModel(modelName))).code).toBe('conflict');
    const created = await client.registry.createModelVersion({ name: modelName, source: `models:/${model.info.model_id}`, runId, modelId: model.info.model_id });
    version = created.version;
    expect(created).toMatchObject({ name: modelName, version: '1', run_id: runId, source: `models:/${model.info.model_id}` });
    expect(await client.registry.getModelVersion(modelName, version)).toMatchObject({ version, run_id: runId });
  });

  it('sets the production alias, resolves it and downloads the same bytes', async () => {
    expect(await client.registry.findVersionByAlias(modelName, 'production')).toBeUndefined();
    expect((await failure(client.registry.getVersionByAlias(modelName, 'production'))).code).toBe('not_found');
    expect((await failure(client.registry.setAlias(modelName, 'Production', version))).code).toBe('invalid_request');
    await client.registry.setAlias(modelName, 'production', version);
    const resolved = await client.registry.getVersionByAlias(modelName, 'production');
    expect(resolved).toMatchObject({ version, aliases: ['production'] });
    expect((await client.registry.getRegisteredModel(modelName)).aliases).toEqual([{ alias: 'production', version }]);

    const uri = await client.registry.getModelVersionDownloadUri(modelName, resolved.version);
    expect(uri).toBe(model.info.artifact_uri);
    const hash = createHash('sha256');
    for await (const chunk of await client.artifacts.downloadStream(uri, 'model.onnx')) hash.update(chunk as Buffer);
    expect(hash.digest('hex')).toBe(sha256(bytes));
    expect((await client.artifacts.download(uri, 'MLmodel')).toString()).toBe(mlmodel);
    expect((await failure(client.artifacts.download(uri, 'missing.bin'))).code).toBe('not_found');
  });

  it('tags a version and finds it by name and by tag', async () => {
    await client.registry.setModelVersionTag(modelName, version, 'validation', 'passed');
    const byName = await client.registry.searchModelVersions({ filter: `name = '${modelName}'` });
    expect(byName.versions.map((v) => v.version)).toEqual([version]);
    const byTag = await client.registry.searchModelVersions({ filter: `name = '${modelName}' AND tag.validation = 'passed'` });
    expect(byTag.versions[0]?.tags).toEqual(expect.arrayContaining([{ key: 'validation', value: 'passed' }]));
    const none = await client.registry.searchModelVersions({ filter: `name = '${modelName}' AND tag.validation = 'failed'` });
    expect(none.versions).toEqual([]);
  });

  it('is read back by the official Python client (mlflow.MlflowClient)', async () => {
    const { code, output } = await run(python, ['-m', 'pytest', 'python/interop/test_reads_typescript_writes.py', '-q', '-p', 'no:cacheprovider'], {
      ...process.env,
      MLFLOW_TRACKING_URI: stackEnv.MLFLOW_TRACKING_URI,
      INTEROP_RUN_ID: runId,
      INTEROP_PARAMS: JSON.stringify(params),
      INTEROP_METRICS: JSON.stringify(latest),
      INTEROP_DATASET_DIGEST: dataset.digest,
      INTEROP_MODEL_ID: model.info.model_id,
      INTEROP_MODEL_NAME: modelName,
      INTEROP_MODEL_VERSION: version,
      INTEROP_ALIAS: 'production',
      INTEROP_ARTIFACT_PATH: 'model.onnx',
      INTEROP_ARTIFACT_SHA256: sha256(bytes),
    });
    expect(code, `pytest failed:\n${output}`).toBe(0);
    expect(output).toMatch(/3 passed/);
  });

  it('deletes the alias', async () => {
    await client.registry.deleteAlias(modelName, 'production');
    expect(await client.registry.findVersionByAlias(modelName, 'production')).toBeUndefined();
  });

  it('deletes the registered model with its versions, and says when there was none', async () => {
    expect(await client.registry.deleteRegisteredModel(modelName)).toBe(true);
    expect((await failure(client.registry.getRegisteredModel(modelName))).code).toBe('not_found');
    expect((await client.registry.searchModelVersions({ filter: `name = '${modelName}'` })).versions).toEqual([]);
    expect(await client.registry.deleteRegisteredModel(modelName)).toBe(false);
  });
});
