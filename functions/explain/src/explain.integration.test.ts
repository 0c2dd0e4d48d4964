import { BUNDLE_FILES, cleanRow, datasets, encodeColumns, modelFeatures, type CleanValue } from '@tabular-ct/core';
import { exportModelArtifacts, modelToJson, profileBatch, train, type Column, type GbdtModel, type TrainParams } from '@tabular-ct/ml';
import {
  createMlflowClient,
  createPool,
  insertCleanBatch,
  loadConfig,
  testServer,
  type CleanRowRecord,
  type MlflowClient,
  type Pool,
  type RunningServer,
} from '@tabular-ct/platform';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createExplainService, type ExplainService } from './explain-service.ts';
import { explainRoutes } from './routes.ts';

// The explain function in process against the real stack: models trained here with the ML
// core, exported, logged to MLflow as a test-only registered model, with and without their
// tree table; CLEAN rows under a group no pipeline uses (the background and the test rows).
const unique = `${process.pid}-${Date.now()}`;
const MODEL_NAME = `test-explain-${unique}`;
const GROUP = 60 + (process.pid % 10);
const BATCH = `realtor-g${GROUP}-b0-d1`;
const spec = datasets.realtor;
const silent = (): void => undefined;

/** Realtor-shaped raw rows, cleaned by the dataset's own rules: a third of them test rows. */
function houses(count: number): { values: Record<string, CleanValue>; split: 'train' | 'test' }[] {
  return Array.from({ length: count }, (_, i) => {
    const raw = {
      brokered_by: 1000 + i,
      status: i % 2 === 0 ? 'for_sale' : 'sold',
      price: 1000, // replaced by each model's own label below
      bed: 1 + (i % 5),
      bath: 1 + ((i * 3) % 4),
      acre_lot: i % 13 === 0 ? null : 0.1 + (i % 7) * 0.05,
      street: 9_000_000 + i,
      city: `City ${i % 6}`,
      state: ['Ohio', 'Texas', 'Maine'][Math.floor(i / 3) % 3],
      // Ten ZIP codes, independent of the bedrooms (i % 5): a ZIP code that fixed the bedrooms
      // would split the rows exactly as bed does, and which of the two a tree takes would be a tie.
      zip_code: 43000 + (Math.floor(i / 5) % 10),
      house_size: i % 17 === 0 ? null : 800 + ((i * 53) % 2400),
      prev_sold_date: i % 11 === 0 ? null : new Date(Date.UTC(2000, 0, 1) + i * 37 * 86_400_000).toISOString().slice(0, 10),
    };
    const outcome = cleanRow(spec, raw);
    if (!outcome.ok) throw new Error(`synthetic row ${i}: ${outcome.field} ${outcome.reason}`);
    return { values: outcome.row.values, split: i % 3 === 0 ? 'test' : 'train' };
  });
}

const rows = houses(120);
const num = (v: CleanValue | undefined, missing: number): number => (typeof v === 'number' ? v : missing);
// Model A: price driven by house size, bedrooms and the state. Model B: by bathrooms.
const priceA = (v: Record<string, CleanValue>, i: number) => 100_000 + 40_000 * num(v.bed, 2) + 150 * num(v.house_size, 1500) + (v.state === 'Texas' ? 50_000 : 0) + (i % 7) * 1000;
const priceB = (v: Record<string, CleanValue>, i: number) => 100_000 + 200_000 * num(v.bath, 2) + 10 * num(v.house_size, 1500) + (i % 7) * 1000;

function trainOn(label: (v: Record<string, CleanValue>, i: number) => number, params: Partial<TrainParams>): GbdtModel {
  const features = modelFeatures(spec);
  const part = rows.map((r, i) => ({ ...r, price: label(r.values, i) })).filter((r) => r.split === 'train');
  const encoded = encodeColumns(features, part.map((r) => r.values));
  const data = { features: features.map((f) => ({ name: f.name, kind: f.kind })), columns: features.map((f): Column => encoded[f.name]!) };
  return train({ data, label: Float64Array.from(part, (r) => r.price) }, { objective: 'regression', targetTransform: 'none', seed: 1, ...params }).model;
}

// Stumps (one split per tree) make model A additive: for an additive model the
// path-dependent TreeSHAP value and the interventional KernelSHAP value are both
// f_j(x_j) - E[f_j], and they coincide when KernelSHAP's background is the training set
// (TreeSHAP's covers). Deeper trees would make the two methods differ by design.
const modelA = trainOn(priceA, { numLeaves: 2, numIterations: 60, learningRate: 0.2, minDataInLeaf: 5 });
const modelB = trainOn(priceB, { numLeaves: 4, numIterations: 60, learningRate: 0.2, minDataInLeaf: 5 });
// Model C: a log1p target and deeper trees, so KernelSHAP explains expm1 of the raw margin.
const modelC = trainOn(priceA, { targetTransform: 'log1p', numLeaves: 6, numIterations: 40, learningRate: 0.2, minDataInLeaf: 5 });

const input = { status: 'sold', bed: '4', bath: 2, acre_lot: 0.3, city: 'City 2', state: 'Texas', zip_code: 43003, house_size: 2000, prev_sold_date: '2015-06-01' };

interface Explanation {
  method: string;
  output: string;
  output_transform: string;
  version: string;
  base_value: number;
  prediction: number;
  target_prediction: number;
  values: { feature: string; value: unknown; shap: number }[];
  exact?: boolean;
  standard_errors?: number[];
}

describe('explain against MLflow and CLEAN', () => {
  let cleanPool: Pool;
  let mlflow: MlflowClient;
  let service: ExplainService;
  let server: RunningServer;
  const versions: Record<'treeA' | 'kernelA' | 'shippedA' | 'treeB' | 'treeC' | 'kernelC', string> = { treeA: '', kernelA: '', shippedA: '', treeB: '', treeC: '', kernelC: '' };

  const post = async (path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const cleanUp = () => cleanPool.query('DELETE FROM clean_batches WHERE batch_id LIKE $1', [`realtor-g${GROUP}-%`]);

  /** Logs a model with its files (the tree table or not), registers it as a version of the test model. */
  async function register(experimentId: string, model: GbdtModel, withTree: boolean, extraSpec: Record<string, unknown> = {}): Promise<string> {
    const logged = await mlflow.loggedModels.create({ experimentId, name: 'model' });
    const files = exportModelArtifacts(model, { createdAt: new Date().toISOString(), modelUuid: 'e'.repeat(32) }, extraSpec);
    for (const [file, body] of Object.entries(files)) await mlflow.loggedModels.uploadFile(logged, file, body);
    if (withTree) await mlflow.loggedModels.uploadFile(logged, BUNDLE_FILES.tree, modelToJson(model));
    await mlflow.loggedModels.finalize(logged.info.model_id);
    const created = await mlflow.registry.createModelVersion({
      name: MODEL_NAME,
      source: `models:/${logged.info.model_id}`,
      modelId: logged.info.model_id,
      tags: [{ key: 'batch_id', value: BATCH }],
    });
    return created.version;
  }

  beforeAll(async () => {
    const config = loadConfig(inject('stackEnv'), ['database', 'mlflow']);
    cleanPool = createPool(config.database.cleanUrl);
    mlflow = createMlflowClient(config.mlflow);
    await cleanUp();
    const records: CleanRowRecord[] = rows.map((r, i) => ({ row_index: i, row_key: `explain-it-${unique}-${i}`, split: r.split, features: r.values, target: priceA(r.values, i) }));
    const profile = profileBatch(spec, records.map((r) => ({ values: r.features as Record<string, CleanValue>, target: r.target })));
    const summary = { batch_id: BATCH, dataset: 'realtor', rows_in: rows.length, rows_clean: rows.length, rows_rejected: 0, rows_duplicate: 0 };
    await insertCleanBatch(cleanPool, { summary, rows: records, rejects: [], duplicates: [], profile });

    const experimentId = await mlflow.experiments.getOrCreate(MODEL_NAME);
    await mlflow.registry.getOrCreateRegisteredModel(MODEL_NAME);
    versions.treeA = await register(experimentId, modelA, true);
    versions.kernelA = await register(experimentId, modelA, false);
    // The background as the train function ships it: clean values of training rows.
    versions.shippedA = await register(experimentId, modelA, false, { background: { rows: rows.filter((r) => r.split === 'train').map((r) => r.values) } });
    versions.treeB = await register(experimentId, modelB, true);
    versions.treeC = await register(experimentId, modelC, true);
    versions.kernelC = await register(experimentId, modelC, false);
    await mlflow.registry.setAlias(MODEL_NAME, 'production', versions.treeA);

    service = createExplainService({ cleanPool, mlflow, log: silent, modelName: () => MODEL_NAME });
    server = await testServer(explainRoutes(service), { name: 'explain' });
  });

  afterAll(async () => {
    await server?.close();
    await service?.close();
    await cleanUp();
    await cleanPool?.end();
  });

  const sum = (e: Explanation) => e.values.reduce((s, v) => s + v.shap, 0);
  // Efficiency holds to rounding: a sum of 8 doubles of the prediction's size.
  const expectEfficient = (e: Explanation) => expect(Math.abs(e.base_value + sum(e) - e.prediction)).toBeLessThanOrEqual(1e-6 * Math.abs(e.prediction));

  it('explains the production version with TreeSHAP on the raw margin, a waterfall that adds up', async () => {
    const answer = await post('/explain', { dataset: 'realtor', features: input });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const e = answer.body as unknown as Explanation;
    expect(e).toMatchObject({ method: 'tree', output: 'raw margin', output_transform: 'identity', version: versions.treeA });
    expect(e.values.map((v) => v.feature)).toEqual(modelFeatures(spec).map((f) => f.name));
    expect(e.values.find((v) => v.feature === 'zip_code')?.value).toBe('43003');
    expectEfficient(e);
    // The served graph agrees with the tree table within the export's bound (float32 output).
    expect(Math.abs(e.target_prediction - e.prediction)).toBeLessThanOrEqual(1e-5 * Math.abs(e.prediction));
  });

  it('explains a version without its tree table with KernelSHAP on the prediction, and both methods agree', async () => {
    const tree = (await post('/explain', { dataset: 'realtor', version: versions.treeA, features: input })).body as unknown as Explanation;
    const kernelAnswer = await post('/explain', { dataset: 'realtor', version: versions.kernelA, features: input });
    expect(kernelAnswer.status, JSON.stringify(kernelAnswer.body)).toBe(200);
    const kernel = kernelAnswer.body as unknown as Explanation;
    expect(kernel).toMatchObject({ method: 'kernel', output: 'prediction', output_transform: 'identity', exact: true });
    expectEfficient(kernel);
    // The same model, whose raw margin is its prediction (no target transform). KernelSHAP is
    // exact here (8 features, 254 coalitions), so the methods differ only by the ONNX graph's
    // float32 output: each evaluation is within 1e-5 relative (the export's bound), and an
    // exact Shapley value weighs evaluations with absolute weights summing to 2.
    const scale = Math.max(...rows.map((r, i) => priceA(r.values, i)));
    const tolerance = 2 * 1e-5 * scale;
    expect(Math.abs(kernel.base_value - tree.base_value)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(kernel.prediction - tree.prediction)).toBeLessThanOrEqual(tolerance);
    kernel.values.forEach((v, j) => expect(Math.abs(v.shap - tree.values[j]!.shap), v.feature).toBeLessThanOrEqual(tolerance));

    // The background shipped in feature_spec.json is the same training rows: the same answer.
    const shipped = (await post('/explain', { dataset: 'realtor', version: versions.shippedA, features: input })).body as unknown as Explanation;
    expect(shipped.values.map((v) => v.shap)).toEqual(kernel.values.map((v) => v.shap));
    expect(shipped.base_value).toBe(kernel.base_value);
  });

  it("answers method 'kernel' on a tree table from the trees, equal to KernelSHAP over the ONNX graph", async () => {
    for (const [withTree, onnxOnly, transform] of [
      [versions.treeA, versions.kernelA, 'identity'],
      [versions.treeC, versions.kernelC, 'expm1'],
    ] as const) {
      const answer = await post('/explain', { dataset: 'realtor', version: withTree, features: input, method: 'kernel' });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const fromTrees = answer.body as unknown as Explanation;
      expect(fromTrees).toMatchObject({ method: 'kernel', output: 'prediction', output_transform: 'identity', exact: true, version: withTree });
      expectEfficient(fromTrees);
      // The version without its tree table runs the generic KernelSHAP on the graph, over the
      // same background (sampled from the same CLEAN rows with the same seed) and coalitions.
      const fromGraph = (await post('/explain', { dataset: 'realtor', version: onnxOnly, features: input })).body as unknown as Explanation;
      expect(fromGraph).toMatchObject({ method: 'kernel', exact: true });
      // The graph rounds the raw margin to float32 once (the export's bound: 1e-5 relative of
      // a prediction), the trees do not; an exact Shapley value weighs evaluations with
      // absolute weights summing to 2. Observed: predictions 4e-8 (identity) and 5e-7 (expm1
      // of a margin near 13) apart relative, phi within 1e-7 of the prediction. The served
      // prediction is the graph's either way.
      const tolerance = 2 * 1e-5 * Math.abs(fromGraph.prediction);
      expect(Math.abs(fromTrees.prediction - fromGraph.prediction), transform).toBeLessThanOrEqual(tolerance);
      expect(Math.abs(fromTrees.base_value - fromGraph.base_value), transform).toBeLessThanOrEqual(tolerance);
      fromTrees.values.forEach((v, j) => expect(Math.abs(v.shap - fromGraph.values[j]!.shap), `${transform} ${v.feature}`).toBeLessThanOrEqual(tolerance));
      expect(Math.abs(fromTrees.target_prediction - fromGraph.target_prediction)).toBe(0);
    }
    // Without a method, a version with its tree table still answers TreeSHAP.
    expect(((await post('/explain', { dataset: 'realtor', version: versions.treeC, features: input })).body as unknown as Explanation).method).toBe('tree');
  });

  it("answers 409 for method 'tree' without a tree table and 400 naming method for an unknown one", async () => {
    const conflict = await post('/explain', { dataset: 'realtor', version: versions.kernelA, features: input, method: 'tree' });
    expect(conflict.status).toBe(409);
    expect((conflict.body.error as { message: string }).message).toMatch(/tree table/);
    const compared = await post('/compare', { dataset: 'realtor', a: versions.treeA, b: versions.kernelA, method: 'tree' });
    expect(compared.status).toBe(409);
    for (const [path, body] of [
      ['/explain', { dataset: 'realtor', features: input, method: 'exact' }],
      ['/importance', { dataset: 'realtor', method: 'sampling' }],
      ['/compare', { dataset: 'realtor', a: versions.treeA, b: versions.treeB, method: 1 }],
    ] as const) {
      const bad = await post(path, body);
      expect(bad.status, path).toBe(400);
      expect((bad.body.error as { message: string }).message, path).toMatch(/method/);
    }
  });

  it('answers 400 naming each bad field, and 404 for a version that does not exist', async () => {
    const bad = await post('/explain', { dataset: 'realtor', features: { ...input, bed: 2.5, state: '' } });
    expect(bad.status).toBe(400);
    const error = bad.body.error as { code: string; message: string; details: { problems: { field: string; message: string }[] } };
    expect(error.code).toBe('invalid_request');
    expect(error.details.problems).toEqual([
      { field: 'features.bed', message: 'expected a whole number, got 2.5' },
      { field: 'features.state', message: 'is required but missing' },
    ]);
    const wrongShape = await post('/explain', { dataset: 'nope', features: input });
    expect(wrongShape.status).toBe(400);
    expect((wrongShape.body.error as { message: string }).message).toMatch(/dataset/);
    expect((await post('/explain', { dataset: 'realtor', version: '999', features: input })).status).toBe(404);
  });

  it('ranks features by mean |SHAP| over CLEAN test rows, with either method', async () => {
    for (const version of [versions.treeA, versions.kernelA]) {
      const answer = await post('/importance', { dataset: 'realtor', version, sample: 30 });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const body = answer.body as { rows: number; batches: string[]; importance: { feature: string; importance: number }[] };
      expect(body.rows).toBe(30);
      expect(body.batches).toEqual([BATCH]);
      const values = body.importance.map((f) => f.importance);
      expect(values).toEqual([...values].sort((a, b) => b - a));
      // Model A's price is driven by house size and bedrooms.
      expect(body.importance.slice(0, 2).map((f) => f.feature).sort()).toEqual(['bed', 'house_size']);
    }
    expect((await post('/importance', { dataset: 'realtor', sample: 5000 })).status).toBe(400);
    // KernelSHAP asked of the version with its tree table: the same ranking, in prediction units.
    const kernel = await post('/importance', { dataset: 'realtor', version: versions.treeA, sample: 30, method: 'kernel' });
    expect(kernel.status, JSON.stringify(kernel.body)).toBe(200);
    const body = kernel.body as { method: string; output: string; importance: { feature: string }[] };
    expect(body).toMatchObject({ method: 'kernel', output: 'prediction' });
    expect(body.importance.slice(0, 2).map((f) => f.feature).sort()).toEqual(['bed', 'house_size']);
  });

  it('compares two versions on the same rows: bathrooms gained, house size and bedrooms lost', async () => {
    const answer = await post('/compare', { dataset: 'realtor', a: versions.treeA, b: versions.treeB });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const body = answer.body as { method: string; rows: number; gained: string[]; lost: string[]; b: { importance: { feature: string }[] } };
    expect(body.method).toBe('tree');
    expect(body.rows).toBe(rows.filter((r) => r.split === 'test').length);
    expect(body.gained[0]).toBe('bath');
    expect(body.lost.slice(0, 2).sort()).toEqual(['bed', 'house_size']);
    expect(body.b.importance[0]?.feature).toBe('bath');
    const kernel = await post('/compare', { dataset: 'realtor', a: versions.treeA, b: versions.treeB, method: 'kernel', sample: 20 });
    expect(kernel.status, JSON.stringify(kernel.body)).toBe(200);
    expect(kernel.body).toMatchObject({ method: 'kernel', output: 'prediction' });
    expect((kernel.body as { gained: string[] }).gained[0]).toBe('bath');
  });

  it('serves health and metrics', async () => {
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(/POST \/explain/);
  });
});
