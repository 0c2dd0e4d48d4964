import { AppError, datasetInputs, datasets } from '@tabular-ct/core';
import { createFunctionMetrics, createPredictorMetrics, testServer, type InferenceLog, type InferenceLogRow } from '@tabular-ct/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelHolder } from './model-holder.ts';
import { oipErrorBody } from './oip.ts';
import { predictRoutes } from './routes.ts';
import { createRunBatcher } from './run-batcher.ts';
import type { ServedModel } from './served-model.ts';
import { goodRealtorRow } from './testing/synthetic-realtor-rows.ts';

// The predictor's routes in process. MLflow and onnxruntime are the edges: the served "model"
// is never run, since everything asked here is refused by validation, before the session.

const spec = datasets.realtor;
const quiet = () => undefined;

/** A predictor whose alias resolves as `resolve` says, served on a free port; the inference log records what it is given. */
async function servePredictor(resolve: () => Promise<string | undefined>) {
  const functionMetrics = createFunctionMetrics('predict');
  const metrics = createPredictorMetrics(functionMetrics.registry);
  const served = { name: 'm', version: '1', model: { release: async () => undefined }, inputs: datasetInputs(spec), outputName: 'prediction' };
  const holder = createModelHolder({ name: 'm', alias: 'production', pollSeconds: 3600, resolve, load: async () => served as unknown as ServedModel, metrics, log: quiet });
  const logged: InferenceLogRow[] = [];
  const inferenceLog: InferenceLog = { append: (rows) => void logged.push(...rows), flush: async () => undefined, close: async () => undefined, backlog: 0 };
  const batcher = createRunBatcher({ maxRows: 64 });
  const routes = predictRoutes({ spec, holder, inferenceLog, metrics, batcher, name: 'm', reloadTokens: ['reload-token-for-tests-only-0123456789'] });
  const running = await testServer(routes, { name: 'predict', metrics: functionMetrics, errorBody: oipErrorBody });
  return { running, holder, logged };
}

describe('the predictor refuses text PostgreSQL cannot store, naming the field', () => {
  let predictor: Awaited<ReturnType<typeof servePredictor>>;
  beforeAll(async () => {
    predictor = await servePredictor(async () => '1');
    await predictor.holder.start();
  });
  afterAll(async () => {
    await predictor.running.close();
    await predictor.holder.stop();
  });

  const post = async (path: string, body: string, contentType = 'application/json') => {
    const res = await fetch(`${predictor.running.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
    const text = await res.text();
    // Whatever the caller sent, the answer holds no NUL and no lone surrogate: no raw NUL, and
    // no JSON escape of either (a backslash-u that is not itself an escaped backslash's text).
    expect(text).not.toContain('\u0000');
    expect(text).not.toMatch(/(?<!\\)(\\\\)*\\u(0000|d[89a-f])/i);
    return { status: res.status, body: JSON.parse(text) as { error: { code: string; message: string; details: { problems: { field: string; message: string }[] } } } };
  };
  const NUL = 'contains a NUL character, which cannot be stored';
  const SURROGATE = 'contains an unpaired UTF-16 surrogate, which cannot be stored';

  it.each([
    ['a NUL alone', { city: '\u0000' }, 'city', NUL],
    ['a NUL at the start of a word', { city: '\u0000Austin' }, 'city', NUL],
    ['a NUL inside a word', { city: 'Aus\u0000tin' }, 'city', NUL],
    ['a NUL at the end', { state: 'Texas\u0000' }, 'state', NUL],
    ['a NUL in a date', { prev_sold_date: '2015-06-01\u0000' }, 'prev_sold_date', NUL],
    ['a lone high surrogate', { city: 'Austin\ud83d' }, 'city', SURROGATE],
    ['a lone low surrogate', { city: '\ude00' }, 'city', SURROGATE],
  ])('POST /predict with %s', async (_what, change, field, message) => {
    const res = await post('/predict', JSON.stringify({ ...goodRealtorRow, ...change }));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(field);
    expect(res.body.error.details.problems).toEqual([{ field, message }]);
  });

  it('POST /predict/batch names the row and the field', async () => {
    const res = await post('/predict/batch', JSON.stringify([goodRealtorRow, { ...goodRealtorRow, city: 'a\u0000b' }, { ...goodRealtorRow, city: '\ud800' }]));
    expect(res.status).toBe(400);
    expect(res.body.error.details.problems).toEqual([
      { field: '[1].city', message: NUL },
      { field: '[2].city', message: SURROGATE },
    ]);
  });

  it('a CSV upload with a NUL in a cell', async () => {
    const csv = `status,state,city,bed\nfor_sale,Texas,Austin,3\nsold,Ohio,Col\u0000umbus,2\nsold,Ohio,Akron,\u00003\n`;
    const res = await post('/predict/batch', csv, 'text/csv');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('[1].city');
    expect(res.body.error.details.problems).toEqual([
      { field: '[1].city', message: NUL },
      { field: '[2].bed', message: NUL },
    ]);
  });

  it('OIP infer with a NUL or a lone surrogate in a BYTES tensor, in the protocol\'s error shape', async () => {
    for (const value of ['Aus\u0000tin', '\udc00']) {
      const res = await post('/v2/models/m/infer', JSON.stringify({ inputs: [{ name: 'status', shape: [1], datatype: 'BYTES', data: ['sold'] }, { name: 'state', shape: [1], datatype: 'BYTES', data: ['Ohio'] }, { name: 'city', shape: [1], datatype: 'BYTES', data: [value] }] }));
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: expect.stringContaining('city') });
    }
  });

  it('echoes an unknown field name, a CSV header or a tensor name escaped', async () => {
    const json = await post('/predict', JSON.stringify({ ...goodRealtorRow, 'col\u0000our': 'red', ['\ud800x']: 1 }));
    expect(json.status).toBe(400);
    expect(json.body.error.details.problems.map((p) => p.field)).toEqual(['col\\u0000our', '\\ud800x']);
    const csv = await post('/predict/batch', 'status,state,ci\u0000ty\nsold,Ohio,Akron\n', 'text/csv');
    expect(csv.status).toBe(400);
    expect(csv.body.error.details.problems[0]!.field).toBe('[0].ci\\u0000ty');
    const oip = await post('/v2/models/m/infer', JSON.stringify({ inputs: [{ name: 'ci\u0000ty', shape: [1], datatype: 'BYTES', data: ['x'] }] }));
    expect(oip.status).toBe(400);
    expect(oip.body).toEqual({ error: expect.stringContaining('ci\\u0000ty') });
    const version = await fetch(`${predictor.running.url}/v2/models/m/versions/%00%ED%A0%80`);
    expect(version.status).toBe(404);
    expect(await version.text()).not.toContain('\u0000');
  });

  it('hands nothing refused to the inference log', () => {
    expect(predictor.logged).toEqual([]);
  });
});

describe('GET /ready before the first load', () => {
  it.each([
    ['MLflow unreachable', async () => Promise.reject(new AppError('upstream_unavailable', 'MLflow at http://127.0.0.1:9/api/2.0/mlflow/registered-models/alias is unreachable: ECONNREFUSED')), /upstream_unavailable: cannot resolve alias production: MLflow at http:\/\/127\.0\.0\.1:9\/\S+ is unreachable: ECONNREFUSED/],
    ['the alias missing', async () => undefined, /not_found: MLflow has no version behind alias "production" of registered model "m"/],
  ])('names the cause when %s', async (_what, resolve, cause) => {
    const { running, holder } = await servePredictor(resolve);
    try {
      await holder.start();
      for (const path of ['/ready', '/v2/health/ready', '/v2/models/m/ready']) {
        const res = await fetch(`${running.url}${path}`);
        expect(res.status, path).toBe(503);
        expect(await res.json(), path).toMatchObject({ ready: false, message: expect.stringMatching(cause) });
      }
      const predict = await fetch(`${running.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(goodRealtorRow) });
      expect(predict.status).toBe(503);
      expect(await predict.json()).toMatchObject({ error: { code: 'not_ready', message: expect.stringMatching(cause) } });
    } finally {
      await running.close();
      await holder.stop();
    }
  });
});
