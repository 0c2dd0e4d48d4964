/**
 * The served model of the serving benchmark: a 300-tree, 31-leaf regression model trained on
 * synthetic realtor-shaped rows (not real listings), exported with exportModelArtifacts and
 * registered in the stack's MLflow as a bench-only registered model with the alias set, the
 * way functions/predict/src/predict.integration.test.ts registers its test models.
 */
import { datasets, encodeColumns, modelFeatures } from '@tabular-ct/core';
import { createRng, exportModelArtifacts, train, type Column } from '@tabular-ct/ml';
import type { MlflowClient } from '@tabular-ct/platform';
import { syntheticRealtorRows } from '../functions/predict/src/testing/synthetic-realtor-rows.ts';

const spec = datasets.realtor;
const features = modelFeatures(spec);

/** Trains the 300-tree model (no early stopping, so all 300 trees are kept) and returns its artifact files. */
export function servingModelFiles(): { files: Record<string, Uint8Array | string>; trees: number } {
  const rows = syntheticRealtorRows(20_000, 7);
  const r = createRng(11);
  const encoded = encodeColumns(features, rows);
  // Noise and interactions, so that 31-leaf trees keep finding splits for 300 rounds.
  const label = Float64Array.from(rows, (row) => {
    const size = row.house_size as number;
    const lot = row.acre_lot as number;
    return 50_000 + 150 * size + 20_000 * (row.bed as number) + 30_000 * Math.sin(lot * 3) * (row.state === 'Texas' ? 2 : 1) + 40_000 * (r() - 0.5);
  });
  const data = { features: features.map((f) => ({ name: f.name, kind: f.kind })), columns: features.map((f): Column => encoded[f.name]!) };
  const { model } = train({ data, label }, { objective: 'regression', targetTransform: 'log1p', numIterations: 300, numLeaves: 31, earlyStoppingRounds: 0 });
  const files = exportModelArtifacts(model, { createdAt: new Date().toISOString(), modelUuid: '5e'.repeat(16) }, { dataset: spec.name, defaults: { bed: 3, bath: 2, status: 'for_sale' } });
  return { files, trees: model.trees.roots.length };
}

/** Logs the files as a logged model of a fresh run, registers it as a version of `name` and points `alias` at it. */
export async function registerServingModel(mlflow: MlflowClient, name: string, alias: string, files: Record<string, Uint8Array | string>): Promise<string> {
  const experimentId = await mlflow.experiments.getOrCreate(name);
  const run = await mlflow.runs.create({ experimentId, runName: 'bench-serving' });
  const logged = await mlflow.loggedModels.create({ experimentId, name: 'model', sourceRunId: run.info.run_id });
  for (const [file, body] of Object.entries(files)) await mlflow.loggedModels.uploadFile(logged, file, typeof body === 'string' ? body : Buffer.from(body));
  await mlflow.loggedModels.finalize(logged.info.model_id);
  await mlflow.registry.getOrCreateRegisteredModel(name);
  const version = await mlflow.registry.createModelVersion({ name, source: `models:/${logged.info.model_id}`, runId: run.info.run_id, modelId: logged.info.model_id });
  await mlflow.registry.setAlias(name, alias, version.version);
  return version.version;
}

/** A valid single request body. */
