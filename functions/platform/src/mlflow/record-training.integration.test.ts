import { AppError } from '@tabular-ct/core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { createMlflowClient, type MlflowClient } from './client.ts';
import { recordTraining } from './record-training.ts';

// recordTraining against the stack's MLflow: what a complete training leaves, and what a
// training that fails midway leaves. Steps share the experiment the first creates and run in
// order; names are unique so a reused stack is fine.

const unique = `${process.pid}-${Date.now()}`;

describe('recordTraining against the local stack', () => {
  const mlflow = createMlflowClient(loadConfig(inject('stackEnv'), ['mlflow']).mlflow);
  const name = `test-record-training-${unique}`;
  let experimentId = '';
  // The id of each logged model, as recordTraining hands it to the files' callback.
  const modelIds: Record<string, string> = {};
  const dataset = { name: 'realtor-training', digest: '0123456789abcdef0123456789abcdef' };
  const modelFiles = (id: string) => ({ MLmodel: `model_uuid: ${id}\n`, 'model.onnx': 'bytes' });
  const record = (batch: string, files: (modelId: string) => Record<string, string> = modelFiles) => ({
    experimentId,
    run: {
      name: batch,
      tags: { batch_id: batch },
      params: { learning_rate: '0.1', rows_train: '300' },
      metrics: [{ key: 'search_rmse', value: 13, step: 1 }],
      inputs: [{ dataset: { ...dataset, source_type: 's3', source: JSON.stringify({ uri: `s3://b/${batch}` }) } }],
    },
    artifacts: { 'search.json': '{"trials": []}\n', 'drift_report.json': '{"report": {}}\n' },
    model: {
      name,
      type: 'gbdt-onnx',
      tags: { batch_id: batch },
      metrics: [{ key: 'validation_rmse', value: 12.5 }],
      evaluatedOn: dataset,
      files: (id: string) => {
        modelIds[batch] = id;
        return files(id);
      },
    },
    registered: { name, description: 'tabular-ct: a test', versionTags: { batch_id: batch, validation_rmse: '12.5' } },
  });
  const runsOf = async (batch: string) => (await mlflow.runs.search({ experimentIds: [experimentId], filter: `tags.batch_id = '${batch}'` })).runs;
  const versionsOf = async (batch: string) => (await mlflow.registry.searchModelVersions({ filter: `name = '${name}' AND tag.batch_id = '${batch}'` })).versions;

  // What the client does not read in production: a logged model's metrics and a run's outputs, as MLflow answers them.
  const getJson = async <T,>(route: string): Promise<T> => (await fetch(`${inject('stackEnv').MLFLOW_TRACKING_URI}/api/2.0/mlflow/${route}`)).json() as Promise<T>;
  const loggedModelMetrics = async (id: string) =>
    (await getJson<{ model: { data: { metrics: Array<Record<string, unknown>> } } }>(`logged-models/${id}`)).model.data.metrics.map(({ timestamp: _t, step: _s, ...m }) => m);
  const runOutputs = async (id: string) => (await getJson<{ run: { outputs?: { model_outputs?: unknown[] } } }>(`runs/get?run_id=${id}`)).run.outputs?.model_outputs;

  afterAll(async () => {
    await mlflow.registry.deleteRegisteredModel(name);
  });

  it('leaves a finished run, a READY logged model and a version pointing at both', async () => {
    experimentId = await mlflow.experiments.getOrCreate(name);
    const { runId, version } = await recordTraining(mlflow, record('b0'));

    const run = await mlflow.runs.get(runId);
    expect(run.info).toMatchObject({ status: 'FINISHED', run_name: 'b0' });
    expect(Object.fromEntries((run.data.params ?? []).map((p) => [p.key, p.value]))).toEqual({ learning_rate: '0.1', rows_train: '300' });
    expect(Object.fromEntries((run.data.metrics ?? []).map((m) => [m.key, m.value]))).toEqual({ validation_rmse: 12.5, search_rmse: 13 });
    expect(run.data.tags).toEqual(expect.arrayContaining([{ key: 'batch_id', value: 'b0' }]));
    expect(run.inputs?.dataset_inputs?.[0]?.dataset).toMatchObject({ name: 'realtor-training', source_type: 's3' });
    expect((await mlflow.artifacts.list(run.info.artifact_uri!)).map((f) => f.path).sort()).toEqual(['drift_report.json', 'search.json']);

    expect(version).toMatchObject({ name, run_id: runId, source: `models:/${modelIds.b0}` });
    expect(version.tags).toEqual(expect.arrayContaining([{ key: 'batch_id', value: 'b0' }, { key: 'validation_rmse', value: '12.5' }]));
    const model = await mlflow.loggedModels.get(modelIds.b0!);
    expect(model.info).toMatchObject({ status: 'LOGGED_MODEL_READY', source_run_id: runId, model_type: 'gbdt-onnx' });
    expect((await mlflow.artifacts.download(model.info.artifact_uri, 'MLmodel')).toString()).toBe(`model_uuid: ${modelIds.b0}\n`);
    // The model's metrics are the logged model's too, with the dataset they were measured on, and the run names the model as its output.
    expect(await loggedModelMetrics(modelIds.b0!)).toEqual([{ key: 'validation_rmse', value: 12.5, model_id: modelIds.b0, dataset_name: dataset.name, dataset_digest: dataset.digest, run_id: runId }]);
    expect(await runOutputs(runId)).toEqual([{ model_id: modelIds.b0, step: 0 }]);
    expect((await mlflow.registry.getRegisteredModel(name)).description).toBe('tabular-ct: a test');
  });

  it('marks the run FAILED and the half-uploaded model UPLOAD_FAILED when the model files fail, registering nothing', async () => {
    const error = await recordTraining(mlflow, record('b1', () => {
      throw new AppError('internal', 'the files cannot be built');
    })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'internal', message: 'the files cannot be built' });
    const [run] = await runsOf('b1');
    expect(run?.info.status).toBe('FAILED');
    expect((await mlflow.loggedModels.get(modelIds.b1!)).info).toMatchObject({ status: 'LOGGED_MODEL_UPLOAD_FAILED', source_run_id: run?.info.run_id });
    expect(await versionsOf('b1')).toEqual([]);
  });

  it('marks the run FAILED when registration fails, the complete model staying READY', async () => {
    const refusing: MlflowClient = {
      ...mlflow,
      registry: {
        ...mlflow.registry,
        createModelVersion: async () => {
          throw new AppError('upstream_unavailable', 'killed for the test');
        },
      },
    };
    await expect(recordTraining(refusing, record('b2'))).rejects.toThrow('killed for the test');
    const [run] = await runsOf('b2');
    expect(run?.info.status).toBe('FAILED');
    expect((await mlflow.loggedModels.get(modelIds.b2!)).info).toMatchObject({ status: 'LOGGED_MODEL_READY', source_run_id: run?.info.run_id });
    expect(await versionsOf('b2')).toEqual([]);
  });
});

