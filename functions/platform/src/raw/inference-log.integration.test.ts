import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { createPool } from '../db/pool.ts';
import { createInferenceLog, type InferenceLogRow } from './inference-log.ts';

// The batched writer against the stack's RAW database, and against a database that is not there.

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
  const pool = createPool(loadConfig(inject('stackEnv'), ['database']).database.rawUrl);
  afterAll(() => pool.end());
  const count = async () => Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM inference_log WHERE model_name = $1', [model])).rows[0]!.n);

  it('writes full batches at once and the rest after flushMs, each row once', async () => {
    const backlog: number[] = [];
    const log = createInferenceLog(pool, { batchSize: 3, flushMs: 100, maxBacklog: 1_000, log: () => undefined, onBacklog: (n) => backlog.push(n) });
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
    const log = createInferenceLog(flaky, { batchSize: 2, flushMs: 60_000, maxBacklog: 1_000, log: () => undefined });
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

  it('keeps rows while the database is unreachable, up to maxBacklog, dropping the oldest', async () => {
    const nowhere = createPool('postgresql://u:p@127.0.0.1:9/none', { connectTimeoutMs: 300 });
    const logged: string[] = [];
    let dropped = 0;
    const log = createInferenceLog(nowhere, { batchSize: 100, flushMs: 60_000, maxBacklog: 5, log: (e) => logged.push(String(e.msg)), onDropped: (n) => (dropped += n) });
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
