import { AppError, type MlflowDatasetInput, type MlflowModelVersion } from '@tabular-ct/core';
import type { MlflowClient } from './client.ts';
import type { StreamBody } from './http.ts';
import type { MetricInput } from './runs.ts';

/** What one training leaves in MLflow: a run, a logged model and a registered version. */
interface TrainingRecord {
  experimentId: string;
  run: { name: string; tags: Record<string, string>; params: Record<string, string>; metrics: MetricInput[]; inputs: MlflowDatasetInput[] };
  /** Files beside the run (reports), by path, uploaded in this order. */
  artifacts: Record<string, StreamBody>;
  model: {
    name: string;
    type: string;
    tags: Record<string, string>;
    /** The model's quality (validation and test metrics): logged on the run and on the logged model. */
    metrics: MetricInput[];
    /** The dataset those metrics were measured on, as the run's inputs name it. */
    evaluatedOn: { name: string; digest: string };
    /** Called once the logged model exists: its files may carry the model's id. */
    files: (modelId: string) => Record<string, StreamBody>;
  };
  registered: { name: string; description: string; versionTags: Record<string, string> };
}

const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([key, value]) => ({ key, value }));

/**
 * Records a training in MLflow, in the order that makes "registered" mean "complete": open the
 * run, log its params, metrics and dataset inputs, upload its artifacts; create the logged
 * model, name it as the run's output and log its metrics with its id and dataset (MLflow keeps
 * them on the run too, where the history reads them), upload its files and mark it READY;
 * register the version LAST, then finish the run. The model's metrics come after the model:
 * MLflow's store refuses (by foreign key) a metric naming a model it lacks. On a failure
 * before registration the run is marked FAILED (and a half-uploaded model UPLOAD_FAILED), best
 * effort, and the error rethrown: no version points at an incomplete training. A failure to
 * finish the run after registration is thrown as it is, the version standing.
 */
export async function recordTraining(mlflow: MlflowClient, record: TrainingRecord): Promise<{ runId: string; version: MlflowModelVersion }> {
  const { experimentId, run: r, model: m } = record;
  const run = await mlflow.runs.create({ experimentId, runName: r.name, tags: tagList(r.tags) });
  const runId = run.info.run_id;
  let loggedModelId: string | undefined;
  let version: MlflowModelVersion;
  try {
    await mlflow.runs.logBatch(runId, { params: tagList(r.params), metrics: r.metrics });
    await mlflow.runs.logInputs(runId, r.inputs);
    const artifactUri = run.info.artifact_uri;
    if (!artifactUri) throw new AppError('upstream_error', `MLflow run ${runId} has no artifact_uri`);
    for (const [path, body] of Object.entries(record.artifacts)) await mlflow.artifacts.upload(artifactUri, path, body);

    const logged = await mlflow.loggedModels.create({ experimentId, name: m.name, sourceRunId: runId, modelType: m.type, tags: tagList(m.tags) });
    loggedModelId = logged.info.model_id;
    await mlflow.runs.logOutputs(runId, [{ modelId: logged.info.model_id }]);
    const ofModel = { model_id: logged.info.model_id, dataset_name: m.evaluatedOn.name, dataset_digest: m.evaluatedOn.digest };
    await mlflow.runs.logBatch(runId, { metrics: m.metrics.map((metric) => ({ ...metric, ...ofModel })) });
    for (const [file, body] of Object.entries(m.files(logged.info.model_id))) await mlflow.loggedModels.uploadFile(logged, file, body);
    await mlflow.loggedModels.finalize(logged.info.model_id);
    loggedModelId = undefined; // complete: nothing to mark failed from here on

    const { name, description, versionTags } = record.registered;
    await mlflow.registry.getOrCreateRegisteredModel(name, { description });
    version = await mlflow.registry.createModelVersion({ name, source: `models:/${logged.info.model_id}`, runId, modelId: logged.info.model_id, tags: tagList(versionTags) });
  } catch (error) {
    // Best effort: the run says it failed; the error that matters is the one rethrown.
    await mlflow.runs.update(runId, { status: 'FAILED' }).catch(() => undefined);
    if (loggedModelId) await mlflow.loggedModels.finalize(loggedModelId, 'LOGGED_MODEL_UPLOAD_FAILED').catch(() => undefined);
    throw error;
  }
  // After registration: if this fails the version stands and a retry answers it.
  await mlflow.runs.update(runId, { status: 'FINISHED' });
  return { runId, version };
}
