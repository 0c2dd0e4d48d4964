import { loadConfig, createPool, createS3ObjectStore, readRawRows, type ObjectStore, type Pool } from '@tabular-ct/platform';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { archivePrefix } from './archive-key.ts';
import { collectBatch, type CollectDeps } from './collect-batch.ts';

// A group number the course never uses, so these rows cannot mix with a pipeline run's.
const GROUP = 90 + (process.pid % 10);
const EXHAUSTED = { detail: 'Ya se recolectó toda la información mínima necesaria' };

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
  const batch = (n: number, size: number) => json(200, { group_number: GROUP, batch_number: n, data: rows(size, n * 1000) });
  const request = { dataset: 'realtor' as const, source_url: '', group_number: GROUP };

  beforeAll(async () => {
    const config = loadConfig(inject('stackEnv'), ['database', 'objectStore']);
    pool = createPool(config.database.rawUrl);
    store = createS3ObjectStore(config.objectStore);
    api = createServer((_req, res) => (answers.shift() ?? json(500, {}))(res));
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    request.source_url = apiUrl;
    deps = { rawPool: pool, store, dataApi: { timeoutMs: 2_000, attempts: 2, backoffMs: 10 }, log: () => undefined };
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
    expect(first).toMatchObject({ status: 'collected', batch_id: `realtor-g${GROUP}-b0`, batch_number: 0, rows: 3 });
    expect(await readRawRows(pool, `realtor-g${GROUP}-b0`)).toEqual(rows(3, 0));
    const archived = JSON.parse(gunzipSync(await store.get(first.archive_key ?? '')).toString());
    expect(archived.data).toEqual(rows(3, 0));

    expect(await collectBatch(deps, request)).toMatchObject({ status: 'collected', batch_number: 1, rows: 2 });
    expect(await collectBatch(deps, request)).toMatchObject({ status: 'exhausted', group_number: GROUP });
    expect(await countRows()).toBe(5);
  });

  it('keeps an empty batch as a batch of no rows', async () => {
    answers = [batch(0, 0)];
    expect(await collectBatch(deps, request)).toMatchObject({ status: 'collected', batch_number: 0, rows: 0 });
    expect(await pool.query('SELECT row_count FROM batches WHERE batch_id = $1', [`realtor-g${GROUP}-b0`])).toMatchObject({ rows: [{ row_count: 0 }] });
  });

  it('answers already_collected for a batch it has, and writes nothing', async () => {
    answers = [batch(0, 3), batch(0, 3)];
    await collectBatch(deps, request);
    const keys = await store.list(archivePrefix('realtor', GROUP));
    expect(await collectBatch(deps, request)).toMatchObject({ status: 'already_collected', rows: 3 });
    expect(await countRows()).toBe(3);
    expect(await store.list(archivePrefix('realtor', GROUP))).toEqual(keys);
  });

  it('refuses a batch number it has with different content', async () => {
    answers = [batch(0, 3), batch(0, 4)];
    await collectBatch(deps, request);
    await expect(collectBatch(deps, request)).rejects.toMatchObject({ code: 'conflict' });
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
    expect(await readRawRows(pool, `realtor-g${GROUP}-b0`)).toEqual(rows(4, 0));
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

  it('writes a batch once when the same batch is collected concurrently', async () => {
    answers = [batch(0, 50), batch(0, 50), batch(0, 50)];
    const outcomes = await Promise.all([collectBatch(deps, request), collectBatch(deps, request), collectBatch(deps, request)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['already_collected', 'already_collected', 'collected']);
    expect(await countRows()).toBe(50);
  });
});
