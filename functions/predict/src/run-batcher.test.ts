import { AppError, datasetInputs, datasets, encodeColumns, modelFeatures, type CleanValue } from '@tabular-ct/core';
import { predict, train, type Column } from '@tabular-ct/ml';
import { createFunctionMetrics, createPredictorMetrics, type InferenceLogRow, type LoadedModel } from '@tabular-ct/platform';
import { describe, expect, it } from 'vitest';
import { createModelHolder } from './model-holder.ts';
import { predictRecords, type PredictDeps } from './predict-rows.ts';
import { createRunBatcher } from './run-batcher.ts';
import type { ServedModel } from './served-model.ts';
import { goodRealtorRow, syntheticRealtorRows } from './testing/synthetic-realtor-rows.ts';

// onnxruntime is the edge here: the "session" is the ML core's own predict on a small model
// trained on synthetic rows, which records the rows of every run; one refuses rows with bed 99.

const spec = datasets.realtor;
const features = modelFeatures(spec);
const inputs = datasetInputs(spec);
const trainingRows = syntheticRealtorRows(1_000, 3);

function trained(iterations: number) {
  const encoded = encodeColumns(features, trainingRows);
  const label = Float64Array.from(trainingRows, (r) => 1_000 * (r.bed as number) + (r.house_size as number));
  const data = { features: features.map((f) => ({ name: f.name, kind: f.kind })), columns: features.map((f): Column => encoded[f.name]!) };
  return { model: train({ data, label }, { objective: 'regression', numIterations: iterations, numLeaves: 7, earlyStoppingRounds: 0 }).model, data };
}

function servedModel(version: string, iterations: number) {
  const { model, data } = trained(iterations);
  const runs: number[] = [];
  const rowsOf = (columns: Readonly<Record<string, Float64Array | readonly string[]>>) => columns.bed!.length;
  const run = async (columns: Readonly<Record<string, Float64Array | readonly string[]>>) => {
    runs.push(rowsOf(columns));
    if (Array.from(columns.bed as Float64Array).includes(99)) throw new Error('the session refuses bed 99');
    return predict(model, { features: data.features, columns: features.map((f) => columns[f.name] as Column) });
  };
  const served = { name: 'm', version, inputs, outputName: 'prediction', model: { run, release: async () => undefined } as unknown as LoadedModel } as ServedModel;
  // What the version predicts for rows run on their own: the reference every batched answer must equal.
  const alone = (rows: Record<string, CleanValue>[]) => Array.from(predict(model, { features: data.features, columns: features.map((f): Column => encodeColumns(features, rows)[f.name]!) }));
  return { served, runs, alone };
}

const rows = syntheticRealtorRows(12, 9);
const row = (i: number) => rows[i]!;

describe('createRunBatcher', () => {
  it('runs a request that finds it idle at once, gathers those asked meanwhile into one run, gives each its own predictions', async () => {
    const m = servedModel('1', 20);
    const batcher = createRunBatcher({ maxRows: 64 });
    const asked = [[row(0)], [row(1), row(2), row(3)], [row(4)], [row(5)]];
    const first = batcher.predict(m.served, asked[0]!);
    expect(m.runs).toEqual([1]);
    const rest = asked.slice(1).map((r) => batcher.predict(m.served, r));
    expect(m.runs).toEqual([1]);
    const answers = await Promise.all([first, ...rest]);
    expect(m.runs).toEqual([1, 5]);
    answers.forEach((a, i) => expect(Array.from(a)).toEqual(m.alone(asked[i]!)));
    // The last turn merged requests: the next one is gathered in case others come; alone, it runs
    // alone at the end of its turn, and that ends the concurrent state...
    const next = batcher.predict(m.served, [row(6)]);
    expect(m.runs).toEqual([1, 5]);
    await next;
    expect(m.runs).toEqual([1, 5, 1]);
    // ...so the request after it runs at once again.
    const after = batcher.predict(m.served, [row(7)]);
    expect(m.runs).toEqual([1, 5, 1, 1]);
    expect(Array.from(await after)).toEqual(m.alone([row(7)]));
  });

  it('under concurrent load gathers the first request of a turn with the others rather than running it alone', async () => {
    const m = servedModel('1', 5);
    const batcher = createRunBatcher({ maxRows: 64 });
    const turn = (from: number) => Promise.all([from, from + 1, from + 2].map((i) => batcher.predict(m.served, [row(i)])));
    await turn(0);
    expect(m.runs).toEqual([1, 2]);
    const answers = await turn(3);
    expect(m.runs).toEqual([1, 2, 3]);
    expect(answers.map((a) => a[0])).toEqual(m.alone([row(3), row(4), row(5)]));
  });

  it('keeps a run at most maxRows rows; a request that large runs alone', async () => {
    const m = servedModel('1', 5);
    const sizes: number[] = [];
    const batcher = createRunBatcher({ maxRows: 4, onRun: (n) => sizes.push(n) });
    const answers = await Promise.all([...rows.slice(0, 10).map((r) => batcher.predict(m.served, [r])), batcher.predict(m.served, rows.slice(0, 5))]);
    // The first runs at once; the others fill runs of 4; the 5-row request runs alone as it comes.
    expect(sizes).toEqual([1, 4, 4, 5, 1]);
    expect(answers.slice(0, 10).map((a) => a[0])).toEqual(m.alone(rows.slice(0, 10)));
    expect(Array.from(answers[10]!)).toEqual(m.alone(rows.slice(0, 5)));
  });

  it('runs each version apart: a request is answered by the version it was asked of', async () => {
    const v1 = servedModel('1', 3);
    const v2 = servedModel('2', 30);
    const batcher = createRunBatcher({ maxRows: 64 });
    const [a, b, c, d] = await Promise.all([
      batcher.predict(v1.served, [row(0)]),
      batcher.predict(v2.served, [row(0)]),
      batcher.predict(v1.served, [row(1)]),
      batcher.predict(v1.served, [row(2)]),
    ]);
    expect([v1.runs, v2.runs]).toEqual([[1, 2], [1]]);
    expect([a![0], c![0], d![0]]).toEqual(v1.alone([row(0), row(1), row(2)]));
    expect(b![0]).toEqual(v2.alone([row(0)])[0]);
    expect(a![0]).not.toEqual(b![0]);
  });

  it('retries a failed merged run request by request, so only the refused request fails', async () => {
    const m = servedModel('1', 5);
    const batcher = createRunBatcher({ maxRows: 64 });
    const results = await Promise.allSettled([batcher.predict(m.served, [row(0)]), batcher.predict(m.served, [{ ...row(1), bed: 99 }]), batcher.predict(m.served, [row(2)])]);
    // The first ran alone at once; the merged run of the other two failed, and each ran again alone.
    expect(m.runs).toEqual([1, 2, 1, 1]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[2]).toMatchObject({ value: Float64Array.from(m.alone([row(2)])) });
  });
});

describe('predictRecords with the batcher', () => {
  it('answers the valid requests of a turn in one run after the first, refuses the invalid one with its field, logs one row per answer', async () => {
    const m = servedModel('1', 10);
    const registry = createFunctionMetrics('predict').registry;
    const metrics = createPredictorMetrics(registry);
    const holder = createModelHolder({ name: 'm', alias: 'production', pollSeconds: 3600, resolve: async () => '1', load: async () => m.served, metrics, log: () => undefined });
    await holder.check();
    const logged: InferenceLogRow[] = [];
    const deps: PredictDeps = {
      spec,
      holder,
      metrics,
      batcher: createRunBatcher({ maxRows: 64, onRun: metrics.observeSessionRun }),
      inferenceLog: { append: (r) => void logged.push(...r), flush: async () => undefined, close: async () => undefined, backlog: 0 },
    };
    const bodies = [goodRealtorRow, { ...goodRealtorRow, bed: 'three' }, row(1), row(2)];
    const results = await Promise.allSettled(bodies.map((b) => predictRecords(deps, { records: () => [b], source: 'json', single: true })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const refused = (results[1] as PromiseRejectedResult).reason as AppError;
    expect(refused).toBeInstanceOf(AppError);
    expect(refused.details).toMatchObject({ model_version: '1', problems: [{ field: 'bed' }] });
    expect(m.runs).toEqual([1, 2]);
    const answered = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(answered.map((a) => a.predictions[0])).toEqual(m.alone([goodRealtorRow as Record<string, CleanValue>, row(1), row(2)]));
    expect(logged.map((l) => l.requestId).sort()).toEqual(answered.map((a) => a.requestId).sort());
    const exposition = await registry.metrics();
    expect(exposition).toMatch(/^predict_batch_rows_count\{function="predict"\} 2$/m);
    expect(exposition).toMatch(/^predict_latency_seconds_count\{function="predict",model_version="1",outcome="invalid"\} 1$/m);
    expect(exposition).toMatch(/^predict_latency_seconds_count\{function="predict",model_version="1",outcome="ok"\} 3$/m);
    expect(exposition).toMatch(/^predictions_total\{model_version="1",function="predict"\} 3$/m);
  });
});
