import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { createPool } from '../db/pool.ts';
import { createFunctionMetrics } from '../metrics/function-metrics.ts';
import { createPredictorMetrics } from '../metrics/predictor-metrics.ts';
import { createS3ObjectStore } from '../object-store/s3-object-store.ts';
import { createInferenceLog, type InferenceLogRow } from './inference-log.ts';

// The batched writer against the stack's RAW database and object store, and against a database that is not there.

const model = `test-inference-log-${process.pid}-${Date.now()}`;
const row = (i: number): InferenceLogRow => ({
  requestId: `${model}-${i}-${randomUUID()}`,
  receivedAt: new Date('2026-11-23T10:00:00Z'),
  dataset: 'realtor',
  modelName: model,
  modelVersion: '1',
  features: { bed: i, city: 'Austin', prev_sold_date: null },
  prediction: 1000 + i,
  latencyMs: 0.5,
});

describe('createInferenceLog', () => {
  const config = loadConfig(inject('stackEnv'), ['database', 'objectStore']);
  const pool = createPool(config.database.rawUrl);
  const store = createS3ObjectStore(config.objectStore);
  const deadLetters = 'dead-letter/inference-log/2026-11-23/';
  afterAll(async () => {
    for (const o of await store.list(`${deadLetters}${model}`)) await store.delete(o.key);
    await pool.end();
  });
  const count = async () => Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM inference_log WHERE model_name = $1', [model])).rows[0]!.n);

  it('writes full batches at once and the rest after flushMs, each row once', async () => {
    const backlog: number[] = [];
    const log = createInferenceLog(pool, { batchSize: 3, flushMs: 100, maxBacklog: 1_000, log: () => undefined, deadLetterStore: store, onBacklog: (n) => backlog.push(n) });
    const rows = Array.from({ length: 7 }, (_, i) => row(i));
    log.append(rows);
    expect(log.backlog).toBe(7);
    await expect.poll(count, { timeout: 5_000 }).toBe(7);
    expect(log.backlog).toBe(0);
    expect(backlog.at(-1)).toBe(0);
    // A retried write of the same predictions adds nothing.
    log.append(rows.slice(0, 2));
    await log.flush();
    expect(await count()).toBe(7);
    const stored = await pool.query('SELECT received_at, dataset, model_name, model_version, features, prediction, latency_ms FROM inference_log WHERE request_id = $1', [rows[4]!.requestId]);
    expect(stored.rows[0]).toEqual({
      received_at: new Date('2026-11-23T10:00:00Z'),
      dataset: 'realtor',
      model_name: model,
      model_version: '1',
      features: { bed: 4, city: 'Austin', prev_sold_date: null },
      prediction: 1004,
      latency_ms: 0.5,
    });
    await log.close();
  });

  it('writes the rows of a failed write with the next batch, each once and first', async () => {
    let refuse = true;
    // The real pool, except that its first write fails as a dropped connection would.
    const query = (...args: unknown[]): unknown => {
      if (!refuse) return (pool.query as (...a: unknown[]) => unknown)(...args);
      refuse = false;
      return Promise.reject(Object.assign(new Error('connection reset'), { code: 'ECONNRESET' }));
    };
    const flaky = { query } as unknown as typeof pool;
    const log = createInferenceLog(flaky, { batchSize: 2, flushMs: 60_000, maxBacklog: 1_000, log: () => undefined, deadLetterStore: store });
    const rows = Array.from({ length: 3 }, (_, i) => row(100 + i));
    log.append(rows.slice(0, 1));
    await expect(log.flush()).rejects.toMatchObject({ code: 'upstream_unavailable' });
    expect(log.backlog).toBe(1);
    // A full batch again (the failed row and the next), written at once; the third by the flush.
    log.append(rows.slice(1));
    await log.flush();
    const stored = await pool.query<{ request_id: string }>('SELECT request_id FROM inference_log WHERE model_name = $1 AND prediction >= 1100 ORDER BY id', [model]);
    expect(stored.rows.map((r) => r.request_id)).toEqual(rows.map((r) => r.requestId));
    await log.close();
  });

  it('writes the good rows of a batch RAW refuses, dead-letters each refused row to the bucket, counts it, and keeps writing', async () => {
    const metrics = createFunctionMetrics('predict');
    const predictorMetrics = createPredictorMetrics(metrics.registry);
    const log = createInferenceLog(pool, {
      batchSize: 50,
      flushMs: 60_000,
      maxBacklog: 1_000,
      log: () => undefined,
      deadLetterStore: store,
      onDropped: predictorMetrics.countLogDropped,
      onDeadLettered: predictorMetrics.countLogDeadLettered,
    });
    const rows = Array.from({ length: 20 }, (_, i) => row(200 + i));
    // What validation now refuses, as if it had slipped through: jsonb holds neither a NUL nor a lone surrogate.
    const nul = { ...row(300), features: { city: 'Aus\u0000tin' } };
    const surrogate = { ...row(301), features: { city: '\ud800' } };
    rows.splice(5, 0, nul);
    rows.splice(15, 0, surrogate);
    log.append(rows);
    await log.flush();
    const written = await pool.query<{ request_id: string }>('SELECT request_id FROM inference_log WHERE model_name = $1 AND prediction BETWEEN 1200 AND 1301 ORDER BY id', [model]);
    expect(written.rows.map((r) => r.request_id)).toEqual(rows.filter((r) => r !== nul && r !== surrogate).map((r) => r.requestId));
    expect(log.backlog).toBe(0);

    const letters = (await store.list(`${deadLetters}${model}`)).map((o) => o.key).sort();
    expect(letters).toEqual([nul, surrogate].map((r) => `${deadLetters}${r.requestId}.json`).sort());
    const letter = JSON.parse((await store.get(`${deadLetters}${nul.requestId}.json`)).toString()) as { error: Record<string, unknown>; row_json: string };
    expect(letter.error).toMatchObject({ code: 'invalid_request', sqlstate: expect.stringMatching(/^22/) });
    expect(JSON.parse(letter.row_json)).toEqual([nul.requestId, '2026-11-23T10:00:00.000Z', 'realtor', model, '1', { city: 'Aus\u0000tin' }, 1300, 0.5]);
    expect(await metrics.registry.metrics()).toMatch(/inference_log_dead_lettered_total(\{[^}]*\})? 2/);

    // The log goes on: a later flush writes as before.
    const later = row(400);
    log.append([later]);
    await log.flush();
    expect((await pool.query('SELECT 1 FROM inference_log WHERE request_id = $1', [later.requestId])).rowCount).toBe(1);
    await log.close();
  });

  it('keeps rows while the database is unreachable, up to maxBacklog, dropping the oldest', async () => {
    const nowhere = createPool('postgresql://u:p@127.0.0.1:9/none', { connectTimeoutMs: 300 });
    const logged: string[] = [];
    let dropped = 0;
    const log = createInferenceLog(nowhere, {
      batchSize: 100,
      flushMs: 60_000,
      maxBacklog: 5,
      log: (e) => logged.push(String(e.msg)),
      deadLetterStore: store,
      onDropped: (n) => (dropped += n),
    });
    log.append(Array.from({ length: 8 }, (_, i) => row(i)));
    expect(dropped).toBe(3);
    expect(log.backlog).toBe(5);
    await expect(log.flush()).rejects.toMatchObject({ code: 'upstream_unavailable' });
    expect(log.backlog).toBe(5);
    await log.close();
    expect(logged.at(-1)).toMatch(/5 rows lost at shutdown/);
    await nowhere.end();
  });
});
