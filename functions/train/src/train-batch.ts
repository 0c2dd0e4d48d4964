import { AppError, datasets, derivedFeatures, LINEAGE_TAGS, tagRecord, type DatasetSpec, type MlflowModelVersion, type TrainRequest, type TrainResponse } from '@tabular-ct/core';
import { predict } from '@tabular-ct/ml';
import { deliveriesUpTo, getDriftReport, leaseHeldError, readCleanRows, recordTraining, withLease, type Log, type MlflowClient, type ModelRegistry, type ObjectStore, type Pool } from '@tabular-ct/platform';
import { randomUUID } from 'node:crypto';
import { evaluationMetrics, subsetMetrics } from './evaluation.ts';
import { buildTrainingSets, comparableRows } from './feature-table.ts';
import { featureImportance } from './feature-importance.ts';
import { featureDefaults } from './feature-defaults.ts';
import { backgroundRows, modelFiles } from './model-files.ts';
import { metricsFromRun, modelMetrics, runParams, searchMetrics, trainingTags, type DataRecord } from './run-record.ts';
import { searchHyperparameters } from './search.ts';
import { buildSnapshot } from './snapshot.ts';

export interface TrainDeps extends ModelRegistry {
  cleanPool: Pool;
  store: ObjectStore;
  /** The object store's bucket, for the snapshot's s3:// URI. */
  bucket: string;
  log: Log;
  /** How long a request waits for a training of the same batch already running (STEP_LEASE_WAIT_SECONDS). */
  leaseWaitMs: number;
}

/** The version registered for a batch, if any: the mark that its training completed. */
async function versionOfBatch(mlflow: MlflowClient, name: string, batchId: string): Promise<MlflowModelVersion | undefined> {
  // batch_id matched core's batch id format in the request: nothing to escape in the filter.
  const { versions } = await mlflow.registry.searchModelVersions({ filter: `name = '${name}' AND tag.${LINEAGE_TAGS.batchId} = '${batchId}'` });
  // Two versions for one batch would need two trainings racing past this check; the first counts.
  return versions.sort((a, b) => Number(a.version) - Number(b.version))[0];
}

/** The answer for a batch already trained, read back from the registry and the run: nothing is written. */
async function storedAnswer(mlflow: MlflowClient, request: TrainRequest, version: MlflowModelVersion): Promise<TrainResponse> {
  const tags = tagRecord(version.tags);
  if (!version.run_id) throw new AppError('upstream_error', `${version.name} version ${version.version} has no run`);
  const run = await mlflow.runs.get(version.run_id);
  const params = Object.fromEntries((run.data.params ?? []).map((p) => [p.key, p.value]));
  return {
    status: 'already_trained',
    dataset: request.dataset,
    batch_id: request.batch_id,
    model_name: version.name,
    version: version.version,
    run_id: version.run_id,
    metrics: metricsFromRun(run.data.metrics ?? []),
    data: {
      rows: { train: Number(params.rows_train ?? 0), validation: Number(params.rows_validation ?? 0), test: Number(params.rows_test ?? 0) },
      digest: tags[LINEAGE_TAGS.dataDigest] ?? '',
      location: tags[LINEAGE_TAGS.dataLocation] ?? '',
    },
    params,
  };
}

/**
 * A run left RUNNING for this batch was killed midway (it never reached registration): say
 * so, so the experiment does not show a training as still in progress forever.
 */
async function failStaleRuns(mlflow: MlflowClient, experimentId: string, batchId: string, log: Log): Promise<void> {
  const filter = `tags.${LINEAGE_TAGS.batchId} = '${batchId}' AND attributes.status = 'RUNNING'`;
  const { runs } = await mlflow.runs.search({ experimentIds: [experimentId], filter, maxResults: 100 });
  for (const run of runs) {
    await mlflow.runs.update(run.info.run_id, { status: 'FAILED' });
    log({ level: 'warn', fn: 'train', msg: `run ${run.info.run_id} of ${batchId} was left RUNNING by an interrupted training: marked FAILED` });
  }
}

/** Rows of the dataset's batches up to the requested one, checked to train on. */
async function readTrainingRows(deps: TrainDeps, spec: DatasetSpec, batchId: string) {
  const batches = await deliveriesUpTo(deps.cleanPool, spec.name, batchId);
  if (batches.at(-1) !== batchId) throw new AppError('not_found', `CLEAN has no ${spec.name} batch ${batchId}: preprocess it first`, { batch_id: batchId });
  const rows = await readCleanRows(deps.cleanPool, batches);
  return { batches, rows };
}

/**
 * Trains a model on the CLEAN data seen so far when a batch arrived, once per batch.
 *
 * Once also when a caller retries while the first attempt is still training (a training at
 * the course's scale can outlive the HTTP timeout): the training holds a lease on the batch
 * (withLease); a retry waits for it up to leaseWaitMs and answers the version it registered,
 * or, past that, 409 naming the attempt that holds the lease and since when.
 *
 * Order, so that "registered" means "complete": search the registry for the batch (found:
 * answer it, write nothing); read CLEAN, build the snapshot and store it (content-addressed,
 * so a retry writes the same key); train; record the run, the logged model and, LAST, the
 * version (recordTraining). A training killed before registration leaves no version,
 * only a run (FAILED on error, RUNNING if killed, marked FAILED by the next attempt) and a
 * logged model that no version points at.
 */
export async function trainBatch(deps: TrainDeps, request: TrainRequest): Promise<TrainResponse> {
  const name = deps.modelName(request.dataset);
  const existing = await versionOfBatch(deps.mlflow, name, request.batch_id);
  if (existing) return storedAnswer(deps.mlflow, request, existing);
  const lease = { name: 'train', key: `${name} ${request.batch_id}`, fn: 'train', waitMs: deps.leaseWaitMs };
  const outcome = await withLease(deps.cleanPool, lease, async () => {
    // Checked again under the lease: an attempt that held it may have registered the version meanwhile.
    const registered = await versionOfBatch(deps.mlflow, name, request.batch_id);
    return registered ? storedAnswer(deps.mlflow, request, registered) : trainNewVersion(deps, request, name);
  });
  if (!outcome.ok) throw leaseHeldError(`${request.batch_id} is being trained`, 'retry later for its result', outcome.heldBy, { batch_id: request.batch_id, state: 'training' });
  return outcome.value;
}

/** The training itself, in the order described at trainBatch; the caller holds the batch's lease. */
async function trainNewVersion(deps: TrainDeps, request: TrainRequest, name: string): Promise<TrainResponse> {
  const spec = datasets[request.dataset];
  const { mlflow } = deps;

  const seconds: Record<string, number> = {};
  const timed = async <T>(phase: string, work: () => T | Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    seconds[phase] = Math.round(performance.now() - started) / 1000;
    return result;
  };

  const { batches, rows } = await timed('read_clean', () => readTrainingRows(deps, spec, request.batch_id));
  // The specification's derived features: package tables loaded (the ZIP codes' locations,
  // about a second) and comparables fitted on the train split.
  const derived = await timed('derived_features', () => derivedFeatures(spec, { train: comparableRows(spec, rows) }));
  if (!derived.ok) throw new AppError('internal', `${spec.name}'s derived features cannot be built: ${derived.error}`);
  const sets = buildTrainingSets(spec, rows, derived.value);
  const counts = { train: sets.train.label.length, validation: sets.validation.label.length, test: sets.test.label.length };
  if (counts.train === 0 || counts.validation === 0) {
    throw new AppError('conflict', `${request.batch_id}: the data so far has ${counts.train} train and ${counts.validation} validation rows; training needs both`, counts);
  }
  const snapshot = await timed('snapshot', async () => {
    const built = buildSnapshot(spec.name, rows);
    if (!(await deps.store.head(built.key))) await deps.store.put(built.key, built.body, { contentType: 'application/gzip' });
    return built;
  });
  const data: DataRecord = { batchId: request.batch_id, batches, rows: counts, digest: snapshot.digest, location: `s3://${deps.bucket}/${snapshot.key}` };

  const search = await timed('search', () => searchHyperparameters(spec, sets.train, sets.validation));
  const testPredictions = predict(search.model, sets.test.data);
  const testFeatures = rows.filter((r) => r.split === 'test').map((r) => r.features);
  const metrics = {
    validation: evaluationMetrics(spec, sets.validation.label, predict(search.model, sets.validation.data)),
    test: { ...evaluationMetrics(spec, sets.test.label, testPredictions), ...subsetMetrics(spec, testFeatures, sets.test.label, testPredictions) },
  };
  const params = runParams(spec, search, data);
  const tags = trainingTags(request.reasons, data);
  const driftReport = request.drift_report ?? (await getDriftReport(deps.cleanPool, request.batch_id))?.report;

  const experimentId = await mlflow.experiments.getOrCreate(name);
  await failStaleRuns(mlflow, experimentId, request.batch_id, deps.log);
  const json = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';
  const metricTags = Object.fromEntries([
    ...Object.entries(metrics.validation).map(([k, v]) => [`validation_${k}`, String(v)]),
    ...Object.entries(metrics.test).map(([k, v]) => [`test_${k}`, String(v)]),
  ]);
  // MLflow's digest column holds 36 characters: the first 32 hex digits (128 bits) identify
  // the rows; the full sha256 is in the source URI and the data_digest tag.
  const dataset = { name: `${spec.name}-training`, digest: snapshot.digest.slice(0, 32) };
  const { runId, version: registered } = await timed('log_and_register', () =>
    recordTraining(mlflow, {
      experimentId,
      run: {
        name: request.batch_id,
        tags,
        params,
        metrics: searchMetrics(search),
        inputs: [{ dataset: { ...dataset, source_type: 's3', source: JSON.stringify({ uri: data.location }) }, tags: [{ key: 'mlflow.data.context', value: 'training' }] }],
      },
      artifacts: {
        'feature_importance.json': json(featureImportance(search.model)),
        'search.json': json({ metric: search.metric, plan: search.plan, trials: search.trials, ...(search.plan.refit ? { refit: search.best } : {}) }),
        ...(driftReport === undefined ? {} : { 'drift_report.json': json({ reasons: request.reasons, report: driftReport }) }),
      },
      model: {
        name,
        type: 'gbdt-onnx',
        tags: { [LINEAGE_TAGS.batchId]: request.batch_id, [LINEAGE_TAGS.dataDigest]: snapshot.digest },
        // Measured on the validation and test splits of the snapshot the run's input names.
        metrics: modelMetrics(metrics),
        evaluatedOn: dataset,
        files: (modelId) => {
          const uuid = /[0-9a-f]{32}/.exec(modelId)?.[0] ?? randomUUID().replaceAll('-', '');
          const trainRows = rows.filter((r) => r.split === 'train');
          const defaults = featureDefaults(spec, trainRows.map((r) => r.features));
          return modelFiles(spec, search.model, derived.value.features, data, backgroundRows(trainRows), defaults, { createdAt: new Date().toISOString(), modelUuid: uuid, modelId });
        },
      },
      registered: { name, description: `tabular-ct: ${spec.description}`, versionTags: { ...tags, ...metricTags } },
    }),
  );
  deps.log({ level: 'info', fn: 'train', msg: `${name} v${registered.version} trained on ${request.batch_id}`, rows: counts, best: search.best.candidate, seconds });
  return {
    status: 'trained',
    dataset: request.dataset,
    batch_id: request.batch_id,
    model_name: name,
    version: registered.version,
    run_id: runId,
    metrics,
    data: { rows: counts, digest: snapshot.digest, location: data.location },
    params,
  };
}
