import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Pool } from '../db/pool.ts';
import { createDiskObjectStore } from '../object-store/disk-object-store.ts';
import type { ObjectStore } from '../object-store/object-store.ts';
import { createInferenceLog, type InferenceLogRow } from './inference-log.ts';

// PostgreSQL is the edge here: a pool that stores what it is sent and refuses, as RAW does, any
// document holding a \u0000 escape (22P05); the integration test runs the same against RAW.

const row = (i: number, city = 'Austin'): InferenceLogRow => ({
  requestId: `r-${i}`,
  receivedAt: new Date('2026-11-23T10:00:00Z'),
  dataset: 'realtor',
  modelName: 'm',
  modelVersion: '1',
  features: { bed: i, city },
  prediction: i,
  latencyMs: 0.5,
});

function fakeRaw(options: { unreachableAfter?: number } = {}) {
  const stored: string[] = [];
  let statements = 0;
  const query = async (q: { values: [string] }): Promise<void> => {
    statements += 1;
    if (options.unreachableAfter !== undefined && statements > options.unreachableAfter) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const document = q.values[0];
    if (document.includes('\\u0000')) throw Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05', detail: '\\u0000 cannot be converted to text.' });
    for (const r of JSON.parse(document) as unknown[][]) stored.push(String(r[0]));
  };
  return { pool: { query } as unknown as Pool, stored, statements: () => statements };
}

function setup(pool: Pool, store: ObjectStore = createDiskObjectStore(mkdtempSync(path.join(os.tmpdir(), 'dead-letter-')))) {
  const counts = { deadLettered: 0, dropped: 0 };
  const logged: Record<string, unknown>[] = [];
  const log = createInferenceLog(pool, {
    batchSize: 100,
    flushMs: 60_000,
    maxBacklog: 1_000,
    log: (e) => logged.push(e),
    deadLetterStore: store,
    onDeadLettered: (n) => (counts.deadLettered += n),
    onDropped: (n) => (counts.dropped += n),
  });
  return { log, store, counts, logged };
}

describe('createInferenceLog when RAW refuses a row', () => {
  it('writes the other rows, dead-letters the refused ones with the error, and keeps going', async () => {
    const raw = fakeRaw();
    const { log, store, counts } = setup(raw.pool);
    const rows = Array.from({ length: 10 }, (_, i) => row(i));
    rows[3] = row(3, 'Aus\u0000tin');
    rows[8] = row(8, '\u0000');
    log.append(rows);
    await log.flush();
    expect(raw.stored).toEqual(['r-0', 'r-1', 'r-2', 'r-4', 'r-5', 'r-6', 'r-7', 'r-9']);
    expect(log.backlog).toBe(0);
    expect(counts).toEqual({ deadLettered: 2, dropped: 0 });
    const letters = await store.list('dead-letter/inference-log/');
    expect(letters.map((o) => o.key)).toEqual(['dead-letter/inference-log/2026-11-23/r-3.json', 'dead-letter/inference-log/2026-11-23/r-8.json']);
    const letter = JSON.parse((await store.get(letters[0]!.key)).toString()) as Record<string, unknown>;
    expect(letter).toMatchObject({ source: 'inference_log', request_id: 'r-3', error: { code: 'invalid_request', sqlstate: '22P05', detail: '\\u0000 cannot be converted to text.' } });
    expect(JSON.parse(letter.row_json as string)).toEqual(['r-3', '2026-11-23T10:00:00.000Z', 'realtor', 'm', '1', { bed: 3, city: 'Aus\u0000tin' }, 3, 0.5]);
    expect(letter.columns).toContain('features');
    // Later rows are written as before.
    log.append([row(20)]);
    await log.flush();
    expect(raw.stored.at(-1)).toBe('r-20');
  });

  it('logs and counts a refused row as dropped when its dead letter cannot be written, without blocking', async () => {
    const raw = fakeRaw();
    const broken: ObjectStore = { ...createDiskObjectStore('/nonexistent'), put: async () => Promise.reject(new Error('bucket unreachable')) };
    const { log, counts, logged } = setup(raw.pool, broken);
    log.append([row(1), row(2, '\u0000'), row(3)]);
    await log.flush();
    expect(raw.stored).toEqual(['r-1', 'r-3']);
    expect(counts).toEqual({ deadLettered: 0, dropped: 1 });
    expect(logged).toContainEqual(expect.objectContaining({ level: 'error', row_json: expect.stringContaining('"r-2"'), dead_letter_error: { message: 'bucket unreachable' } }));
    expect(log.backlog).toBe(0);
  });

  it('keeps the rows not yet written when RAW becomes unreachable during the split', async () => {
    // The whole batch is refused (statement 1), its first half too (2), the first quarter is
    // written (3); then RAW is gone: the six rows left wait, in order, for the next flush.
    const raw = fakeRaw({ unreachableAfter: 3 });
    const { log, counts } = setup(raw.pool);
    log.append([row(0), row(1), row(2, '\u0000'), row(3), row(4), row(5), row(6), row(7)]);
    await expect(log.flush()).rejects.toMatchObject({ code: 'upstream_unavailable' });
    expect(raw.stored).toEqual(['r-0', 'r-1']);
    expect(log.backlog).toBe(6);
    expect(counts).toEqual({ deadLettered: 0, dropped: 0 });
    await log.close();
  });
});
