import { EXHAUSTED_DETAILS } from '@tabular-ct/core';
import { loadConfig, createPool, createS3ObjectStore, readRawRows, type ObjectStore, type Pool } from '@tabular-ct/platform';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { preprocessBatch } from '../../preprocess/src/preprocess-batch.ts';
import { archivePrefix } from './archive-key.ts';
import { collectBatch, type CollectDeps } from './collect-batch.ts';

// A group number the course never uses, so these rows cannot mix with a pipeline run's.
const GROUP = 90 + (process.pid % 10);
const EXHAUSTED = { detail: EXHAUSTED_DETAILS.accented };

const rows = (n: number, from: number) =>
  Array.from({ length: n }, (_, i) => ({ brokered_by: 1000.0 + from + i, status: 'for_sale', price: 100000.0 + i, zip_code: 601.0, city: `C${i}` }));

describe('collect against the real RAW database and object store', () => {
  let pool: Pool;
  let store: ObjectStore;
  let api: Server;
  let apiUrl: string;
  /** What the stand-in data API answers next, in order; it advances on every call like the course's. */
  let answers: Array<(res: ServerResponse) => void> = [];
  let deps: CollectDeps;

  const json = (status: number, body: unknown) => (res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const batch = (n: number, size: number, from = n * 1000) => json(200, { group_number: GROUP, batch_number: n, data: rows(size, from) });
  const request = { dataset: 'realtor' as const, source_url: '', group_number: GROUP };

  beforeAll(async () => {
    const config = loadConfig(inject('stackEnv'), ['database', 'objectStore']);
    pool = createPool(config.database.rawUrl);
    store = createS3ObjectStore(config.objectStore);
    api = createServer((_req, res) => (answers.shift() ?? json(500, {}))(res));
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    request.source_url = apiUrl;
    deps = { rawPool: pool, store, dataApi: { timeoutMs: 2_000, attempts: 2, backoffMs: 10, allowedUrls: [apiUrl] }, log: () => undefined };
  });

  const clean = async (): Promise<void> => {
    await pool.query('DELETE FROM batches WHERE dataset = $1 AND group_number = $2', ['realtor', GROUP]);
    for (const o of await store.list(archivePrefix('realtor', GROUP))) await store.delete(o.key);
  };
  beforeEach(clean);
  afterAll(async () => {
    await clean();
    await pool.end();
    await new Promise<void>((resolve) => api.close(() => resolve()));
  });

  const countRows = async (): Promise<number> =>
    (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM raw_rows r JOIN batches b USING (batch_id) WHERE b.group_number = $1', [GROUP])).rows[0]?.n ?? -1;

  it('stores every row unmodified with its batch, archives the payload, then reports exhaustion', async () => {
    answers = [batch(0, 3), batch(1, 2), json(400, EXHAUSTED)];
    const first = await collectBatch(deps, request);
    expect(first).toMatchObject({ status: 'collected', batch_id: `realtor-g${GROUP}-b0-d1`, batch_number: 0, delivery: 1, rows: 3, end_of_data: false });
    expect(first.deliveries).toEqual([expect.objectContaining({ status: 'collected', batch_id: `realtor-g${GROUP}-b0-d1`, rows: 3 })]);
    expect(await readRawRows(pool, `realtor-g${GROUP}-b0-d1`)).toEqual(rows(3, 0));
    const archived = JSON.parse(gunzipSync(await store.get(first.archive_key ?? '')).toString());
    expect(archived.data).toEqual(rows(3, 0));

    expect(await collectBatch(deps, request)).toMatchObject({ status: 'collected', batch_id: `realtor-g${GROUP}-b1-d2`, batch_number: 1, rows: 2 });
    // The end names the group's latest delivery, for a run that still has to carry it through.
    expect(await collectBatch(deps, request)).toMatchObject({ status: 'exhausted', group_number: GROUP, batch_id: `realtor-g${GROUP}-b1-d2`, deliveries: [], end_of_data: true });
    expect(await countRows()).toBe(5);
  });

  it('keeps an empty batch as a batch of no rows', async () => {
    answers = [batch(0, 0)];
    expect(await collectBatch(deps, request)).toMatchObject({ status: 'collected', batch_number: 0, rows: 0 });
    expect(await pool.query('SELECT row_count FROM batches WHERE batch_id = $1', [`realtor-g${GROUP}-b0-d1`])).toMatchObject({ rows: [{ row_count: 0 }] });
  });

  it('answers already_collected for a batch it has, and writes nothing', async () => {
    answers = [batch(0, 3), batch(0, 3)];
    await collectBatch(deps, request);
    const keys = await store.list(archivePrefix('realtor', GROUP));
    expect(await collectBatch(deps, request)).toMatchObject({ status: 'already_collected', rows: 3 });
    expect(await countRows()).toBe(3);
    expect(await store.list(archivePrefix('realtor', GROUP))).toEqual(keys);
  });

  it('stores a batch number it has, with other content, as a new delivery (another sample of a time-windowed batch)', async () => {
    answers = [batch(0, 3), batch(0, 4, 2), batch(1, 2)];
    await collectBatch(deps, request);
    expect(await collectBatch(deps, request)).toMatchObject({ status: 'collected', batch_id: `realtor-g${GROUP}-b0-d2`, batch_number: 0, delivery: 2, rows: 4 });
    expect(await collectBatch(deps, request)).toMatchObject({ status: 'collected', batch_id: `realtor-g${GROUP}-b1-d3`, delivery: 3 });
    expect(await readRawRows(pool, `realtor-g${GROUP}-b0-d2`)).toEqual(rows(4, 2));
    expect(await countRows()).toBe(9);
    expect(await store.list(archivePrefix('realtor', GROUP))).toHaveLength(3);
  });

  it('makes several calls in one request, each answer a delivery, and stops at the end of the data', async () => {
    answers = [batch(0, 3), batch(0, 3), batch(0, 2, 7), json(400, { detail: EXHAUSTED_DETAILS.plain })];
    const answer = await collectBatch(deps, { ...request, calls: 5 });
    expect(answer).toMatchObject({ status: 'collected', batch_id: `realtor-g${GROUP}-b0-d2`, delivery: 2, end_of_data: true });
    expect(answer.deliveries.map((d) => [d.status, d.batch_id, d.rows])).toEqual([
      ['collected', `realtor-g${GROUP}-b0-d1`, 3],
      ['already_collected', `realtor-g${GROUP}-b0-d1`, 3],
      ['collected', `realtor-g${GROUP}-b0-d2`, 2],
    ]);
    expect(answer.detail).toMatch(/delivered every batch/);
    expect(answers).toEqual([]);
  });

  it('names the latest delivery when a replayed, older answer comes last', async () => {
    answers = [batch(0, 3), batch(1, 2), batch(0, 3)];
    await collectBatch(deps, request);
    const answer = await collectBatch(deps, { ...request, calls: 2 });
    expect(answer.deliveries.map((d) => [d.status, d.batch_id])).toEqual([
      ['collected', `realtor-g${GROUP}-b1-d2`],
      ['already_collected', `realtor-g${GROUP}-b0-d1`],
    ]);
    expect(answer).toMatchObject({ status: 'collected', batch_id: `realtor-g${GROUP}-b1-d2`, delivery: 2 });
  });

  it.each([EXHAUSTED_DETAILS.accented, EXHAUSTED_DETAILS.plain, '  ya se RECOLECTO toda la informacion   minima necesaria '])('takes the end-of-data sentence %j for the end of the data', async (detail) => {
    answers = [json(400, { detail })];
    const answer = await collectBatch(deps, request);
    expect(answer).toMatchObject({ status: 'exhausted', end_of_data: true });
    expect(answer.batch_id, 'a group with no delivery names none').toBeUndefined();
  });

  it('fails on any other 400, quoting its detail, and writes nothing', async () => {
    answers = [json(400, { detail: 'Número de grupo inválido' })];
    await expect(collectBatch(deps, request)).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringContaining('"Número de grupo inválido"') });
    expect(await countRows()).toBe(0);
  });

  it('keeps what earlier calls of a request stored when a later call fails, and says so', async () => {
    answers = [batch(0, 3), json(400, { detail: 'Número de grupo inválido' })];
    await expect(collectBatch(deps, { ...request, calls: 3 })).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining(`call 2 of 3; the deliveries of the calls before it are stored: realtor-g${GROUP}-b0-d1`),
      details: { stored: [`realtor-g${GROUP}-b0-d1`] },
    });
    expect(await countRows()).toBe(3);
  });

  it('leaves no partial batch when it crashes after archiving, and its retry completes the batch from the archive', async () => {
    // The object store stores the payload, then the process "dies" before the rows are committed.
    const crashing: ObjectStore = {
      ...store,
      put: async (...args) => {
        await store.put(...args);
        throw new Error('process killed after archiving');
      },
    };
    answers = [batch(0, 4), batch(1, 1)];
    await expect(collectBatch({ ...deps, store: crashing }, request)).rejects.toThrow(/killed/);
    expect(await countRows()).toBe(0);
    expect(await store.list(archivePrefix('realtor', GROUP))).toHaveLength(1);

    // The data API has moved on to batch 1; the retry must still complete batch 0 first.
    expect(await collectBatch(deps, request)).toMatchObject({ status: 'collected', batch_number: 0, rows: 4, recovered: true });
    expect(await readRawRows(pool, `realtor-g${GROUP}-b0-d1`)).toEqual(rows(4, 0));
    expect(await collectBatch(deps, request)).toMatchObject({ status: 'collected', batch_number: 1, rows: 1 });
  });

  it.each([
    ['an HTML page', (res: ServerResponse) => res.end('<html>maintenance</html>')],
    ['truncated JSON', (res: ServerResponse) => res.end('{"group_number": 1, "batch_number": 0, "data": [{"a": 1}')],
    ['the wrong shape', json(200, { group: 1, rows: [] })],
  ])('fails on %s with a clear error and writes nothing', async (_what, answer) => {
    answers = [answer];
    await expect(collectBatch(deps, request)).rejects.toMatchObject({ code: 'upstream_error' });
    expect(await countRows()).toBe(0);
    expect(await store.list(archivePrefix('realtor', GROUP))).toEqual([]);
  });

  it('stores a row PostgreSQL cannot hold wrapped, without failing the delivery; preprocess rejects it with the reason', async () => {
    const house = (i: number) => ({
      brokered_by: 100.0 + i, status: 'for_sale', price: 200_000.0 + i, bed: 3.0, bath: 2.0, acre_lot: 0.25, street: 7_000_000.0 + GROUP * 1000 + i,
      city: 'Testville', state: 'Ohio', zip_code: 43004.0, house_size: 1500.0, prev_sold_date: '2020-01-15',
    });
    // The answer's text as a data API could send it: these JSON escapes decode to a NUL in a
    // value, a lone surrogate, and a NUL in a field name.
    const data = [
      JSON.stringify(house(1)),
      JSON.stringify(house(2)).replace('Testville', 'Test\\u0000ville'),
      JSON.stringify(house(3)),
      JSON.stringify(house(4)).replace('"Ohio"', '"\\ud800"'),
      JSON.stringify(house(5)).replace('{', '{"col\\u0000our": "red", '),
      JSON.stringify(house(6)),
    ];
    const bytes = `{"group_number": ${GROUP}, "batch_number": 0, "data": [${data.join(', ')}]}`;
    const sent = (JSON.parse(bytes) as { data: unknown[] }).data;
    const answer = (res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(bytes);
    };
    answers = [answer, answer];
    const collected = await collectBatch(deps, request);
    expect(collected).toMatchObject({ status: 'collected', batch_id: `realtor-g${GROUP}-b0-d1`, rows: 6 });
    // Not stuck: the same answer again is a retry; the archive keeps the answer's bytes.
    expect(await collectBatch(deps, request)).toMatchObject({ status: 'already_collected', rows: 6 });
    expect(gunzipSync(await store.get(collected.archive_key ?? '')).toString()).toBe(bytes);

    const batchId = collected.batch_id ?? '';
    const stored = await readRawRows(pool, batchId);
    expect([stored[0], stored[2], stored[5]]).toEqual([house(1), house(3), house(6)]);
    const wrapped = [stored[1], stored[3], stored[4]] as { $unstorable: { field: string; reason: string; json: string } }[];
    expect(wrapped.map((w) => [w.$unstorable.field, w.$unstorable.reason])).toEqual([
      ['city', 'contains a NUL character, which cannot be stored'],
      ['state', 'contains an unpaired UTF-16 surrogate, which cannot be stored'],
      ['col\\u0000our', 'its name contains a NUL character, which cannot be stored'],
    ]);
    // Every row of the answer is in RAW: the wrapped ones whole, as JSON text.
    expect(wrapped.map((w) => JSON.parse(w.$unstorable.json))).toEqual([sent[1], sent[3], sent[4]]);

    const cleanPool = createPool(loadConfig(inject('stackEnv'), ['database']).database.cleanUrl);
    try {
      const processed = await preprocessBatch({ rawPool: pool, cleanPool, log: () => undefined, rowKeySalt: `collect-it-${process.pid}-${Date.now()}` }, { dataset: 'realtor', batch_id: batchId });
      expect(processed).toMatchObject({ status: 'processed', rows_in: 6, clean: 3, rejected: 3, duplicates: 0 });
      expect(processed.reject_reasons).toEqual(
        expect.arrayContaining([
          { field: 'city', reason: 'contains a NUL character, which cannot be stored', count: 1 },
          { field: 'state', reason: 'contains an unpaired UTF-16 surrogate, which cannot be stored', count: 1 },
          { field: 'col\\u0000our', reason: 'its name contains a NUL character, which cannot be stored', count: 1 },
        ]),
      );
      const rejects = await cleanPool.query<{ row_index: number; payload: unknown }>('SELECT row_index, payload FROM rejects WHERE batch_id = $1 ORDER BY row_index', [batchId]);
      expect(rejects.rows.map((r) => r.row_index)).toEqual([1, 3, 4]);
      expect(rejects.rows[0]!.payload).toEqual(stored[1]);
    } finally {
      await cleanPool.query('DELETE FROM clean_batches WHERE batch_id LIKE $1', [`realtor-g${GROUP}-%`]);
      await cleanPool.end();
    }
  });

  it('writes a batch once when the same batch is collected concurrently', async () => {
    answers = [batch(0, 50), batch(0, 50), batch(0, 50)];
    const outcomes = await Promise.all([collectBatch(deps, request), collectBatch(deps, request), collectBatch(deps, request)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['already_collected', 'already_collected', 'collected']);
    expect(await countRows()).toBe(50);
  });
});
