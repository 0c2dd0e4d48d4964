/**
 * The served model of the serving benchmark: a 300-tree, 31-leaf regression model trained on
 * synthetic realtor-shaped rows (not real listings), exported with exportModelArtifacts and
 * registered in the stack's MLflow as a bench-only registered model with the alias set, the
 * way functions/predict/src/predict.integration.test.ts registers its test models.
 */
import { datasets, encodeColumns, modelFeatures, type CleanValue } from '@tabular-ct/core';
import { exportModelArtifacts, train, type Column } from '@tabular-ct/ml';
import type { MlflowClient } from '@tabular-ct/platform';

const spec = datasets.realtor;
const features = modelFeatures(spec);

/** A deterministic generator (LCG), so every run trains the same model. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const STATES = ['Texas', 'Florida', 'Ohio', 'Maine', 'Utah'];
const CITIES = ['Austin', 'Miami', 'Columbus', 'Dallas', 'Portland', 'Provo', 'Tampa', 'Akron'];

/** Realtor-shaped rows as the predictor receives them (the cleaned values of the dataset spec). */
export function syntheticRows(n: number, seed: number): Record<string, CleanValue>[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => ({
    status: r() < 0.6 ? 'for_sale' : 'sold',
    bed: 1 + Math.floor(r() * 5),
    bath: 1 + Math.floor(r() * 4),
    acre_lot: Math.round(r() * 200) / 100,
    city: CITIES[Math.floor(r() * CITIES.length)]!,
    state: STATES[Math.floor(r() * STATES.length)]!,
    zip_code: String(10000 + Math.floor(r() * 500)).padStart(5, '0'),
    house_size: 500 + Math.floor(r() * 3500),
    prev_sold_date: r() < 0.2 ? null : `20${String(10 + Math.floor(r() * 14))}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`,
  }));
}

/** Trains the 300-tree model (no early stopping, so all 300 trees are kept) and returns its artifact files. */
export function servingModelFiles(): { files: Record<string, Uint8Array | string>; trees: number } {
  const rows = syntheticRows(20_000, 7);
  const r = rng(11);
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
export const goodRow = { status: 'for_sale', bed: 3, bath: 2, acre_lot: 0.25, city: 'Austin', state: 'Texas', zip_code: '10010', house_size: 1800, prev_sold_date: '2015-06-01' };
