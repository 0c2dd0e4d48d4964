import {
  courseApiDetail,
  courseApiHealth,
  courseApiRestarted,
  courseApiValidationError,
  dataApiBatch,
  EXHAUSTED_DETAIL,
  parseWith,
  type DatasetName,
} from '@tabular-ct/core';
import { createFunctionMetrics, createPool, createRouter, loadConfig, serve, type Pool, type RunningServer } from '@tabular-ct/platform';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { pgCursorStore, type CursorStore } from './cursor-store.ts';
import { plans } from './plans/plans.ts';
import { datasourceRoutes } from './routes.ts';
import { lazyServedDataset, type ServedDataset } from './served-dataset.ts';

// Cursors of this run live under their own dataset key, so a simulator that a developer
// runs against the same database keeps its place.
const KEY_SUFFIX = `-it-${process.pid}`;
const REALTOR_SIZES = [333, 334, 946, 23, 1310, 1476];
const silent = (): void => undefined;

type Batch = typeof dataApiBatch.infer & { subset?: string };

describe('the datasource function against the real PostgreSQL', () => {
  let pool: Pool;
  let datasetsDir: string;
  const running: RunningServer[] = [];

  beforeAll(() => {
    const config = loadConfig(inject('stackEnv'), ['datasource']);
    pool = createPool(config.datasource.databaseUrl);
    datasetsDir = config.datasource.datasetsDir;
  });
  afterEach(async () => {
    for (const server of running.splice(0)) await server.close();
  });
  afterAll(async () => {
    await pool.query('DELETE FROM cursors WHERE dataset LIKE $1', [`%${KEY_SUFFIX}`]);
    await pool.end();
  });

  /** Starts the function in process, as main.ts does, over the shared database; each call is a fresh process's worth of state. */
  const start = async (dataset: DatasetName, onRow = silent): Promise<(query: string) => Promise<Response>> => {
    const store = pgCursorStore(pool);
    const cursors: CursorStore = {
      claim: (d, group, count) => store.claim(d + KEY_SUFFIX, group, count),
      restart: (d, group) => store.restart(d + KEY_SUFFIX, group),
    };
    const file = path.resolve(datasetsDir, `${dataset}.csv.gz`);
    const loadFile = lazyServedDataset(dataset, file, plans[dataset], silent);
    const load = async (): Promise<ServedDataset> => {
      const served = await loadFile();
      return { ...served, writeRow: (row) => (onRow(), served.writeRow(row)) };
    };
    const routes = datasourceRoutes({ dataset, cursors, load, log: silent });
    const server = await serve(createRouter('datasource', routes, createFunctionMetrics('datasource'), { log: silent }), {
      port: 0,
      host: '127.0.0.1',
      name: 'datasource',
      log: silent,
      handleSignals: false,
    });
    running.push(server);
    return (query) => fetch(`${server.url}${query}`);
  };

  const batchOf = async (res: Response): Promise<Batch> => {
    expect(res.status).toBe(200);
    const body: unknown = await res.json();
    const batch = parseWith(dataApiBatch, body, 'batch');
    if (!batch.ok) throw batch.error;
    return body as Batch;
  };
  const restart = async (get: (q: string) => Promise<Response>, group: number): Promise<void> => {
    const res = await get(`/restart_data_generation?group_number=${group}`);
    expect(res.status).toBe(200);
    const body: unknown = await res.json();
    expect(parseWith(courseApiRestarted, body, 'restart answer').ok).toBe(true);
    expect(body).toEqual({ ok: true });
  };

  it('serves every realtor batch in order, streamed, then the exhausted 400 with the exact detail', async () => {
    const get = await start('realtor');
    await restart(get, 1);
    const sizes: number[] = [];
    for (let n = 0; n < REALTOR_SIZES.length; n++) {
      const res = await get('/data?group_number=1');
      // Streamed: no content-length, the body goes out in chunks as it is written.
      expect(res.headers.get('transfer-encoding')).toBe('chunked');
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      const batch = await batchOf(res);
      expect({ group_number: batch.group_number, batch_number: batch.batch_number }).toEqual({ group_number: 1, batch_number: n });
      sizes.push(batch.data.length);
      for (const row of batch.data) {
        expect(Object.keys(row)).toHaveLength(12);
        expect(Object.values(row).includes(null)).toBe(false);
        for (const key of ['brokered_by', 'price', 'bed', 'bath', 'acre_lot', 'street', 'zip_code', 'house_size']) expect(typeof row[key]).toBe('number');
        for (const key of ['status', 'city', 'state', 'prev_sold_date']) expect(typeof row[key]).toBe('string');
      }
    }
    expect(sizes).toEqual(REALTOR_SIZES);
    for (let i = 0; i < 2; i++) {
      const res = await get('/data?group_number=1');
      expect(res.status).toBe(400);
      expect(await res.text()).toBe(JSON.stringify({ detail: EXHAUSTED_DETAIL }));
    }
  });

  it('sends the file\'s float codes as JSON numbers: ZIP 00601, written 601.0, arrives as 601', async () => {
    const get = await start('realtor');
    await restart(get, 2);
    const rows = [];
    for (let n = 0; n < REALTOR_SIZES.length; n++) rows.push(...(await batchOf(await get('/data?group_number=2&day=Tuesday'))).data);
    const puertoRico = rows.find((r) => r.state === 'Puerto Rico');
    expect(puertoRico).toBeDefined();
    expect(Number.isInteger(puertoRico?.zip_code)).toBe(true);
    expect(puertoRico?.zip_code as number).toBeLessThan(1000);
  });

  it('starts a group over on restart, and keeps the cursor of each group apart', async () => {
    const get = await start('realtor');
    await restart(get, 3);
    await restart(get, 4);
    expect((await batchOf(await get('/data?group_number=3'))).batch_number).toBe(0);
    expect((await batchOf(await get('/data?group_number=3'))).batch_number).toBe(1);
    expect((await batchOf(await get('/data?group_number=4'))).batch_number).toBe(0);
    await restart(get, 3);
    expect((await batchOf(await get('/data?group_number=3'))).batch_number).toBe(0);
  });

  it('keeps its place across a restart of the function', async () => {
    const first = await start('realtor');
    await restart(first, 5);
    expect((await batchOf(await first('/data?group_number=5'))).batch_number).toBe(0);
    expect((await batchOf(await first('/data?group_number=5'))).batch_number).toBe(1);
    await running.pop()?.close();
    const second = await start('realtor');
    const batch = await batchOf(await second('/data?group_number=5'));
    expect(batch.batch_number).toBe(2);
    expect(batch.data).toHaveLength(REALTOR_SIZES[2]!);
  });

  it('never hands one batch to two of ten concurrent calls for a group', async () => {
    const get = await start('realtor');
    await restart(get, 6);
    const answers = await Promise.all(Array.from({ length: 10 }, () => get('/data?group_number=6')));
    const served = await Promise.all(answers.filter((r) => r.status === 200).map(batchOf));
    const refused = await Promise.all(answers.filter((r) => r.status !== 200).map(async (r) => ({ status: r.status, body: await r.json() })));
    expect(served.map((b) => b.batch_number).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const b of served) expect(b.data).toHaveLength(REALTOR_SIZES[b.batch_number]!);
    expect(refused).toEqual(Array.from({ length: 4 }, () => ({ status: 400, body: { detail: EXHAUSTED_DETAIL } })));
  });

  it('refuses a group outside 1-10 with a 400 detail of its own, like the course API', async () => {
    const get = await start('realtor');
    for (const group of [0, 11, -3]) {
      for (const path of ['/data', '/restart_data_generation']) {
        const res = await get(`${path}?group_number=${group}`);
        expect(res.status).toBe(400);
        const body = (await res.json()) as { detail: unknown };
        expect(parseWith(courseApiDetail, body, 'error answer').ok).toBe(true);
        expect(body.detail).not.toBe(EXHAUSTED_DETAIL);
        expect(body.detail).toContain(String(group));
      }
    }
  });

  it('answers a missing or malformed parameter with FastAPI\'s 422', async () => {
    const get = await start('realtor');
    const missing = await get('/data');
    expect(missing.status).toBe(422);
    expect(await missing.json()).toEqual({ detail: [{ type: 'missing', loc: ['query', 'group_number'], msg: 'Field required', input: null }] });
    expect((await get('/restart_data_generation?day=Tuesday')).status).toBe(422);

    const notInt = await get('/data?group_number=abc');
    expect(notInt.status).toBe(422);
    expect(await notInt.json()).toMatchObject({ detail: [{ type: 'int_parsing', loc: ['query', 'group_number'], input: 'abc' }] });

    const badDay = await get('/data?group_number=7&day=Monday');
    expect(badDay.status).toBe(422);
    const body: unknown = await badDay.json();
    expect(parseWith(courseApiValidationError, body, 'validation answer').ok).toBe(true);
    expect(body).toEqual({ detail: [{ type: 'literal_error', loc: ['query', 'day'], msg: "Input should be 'Tuesday' or 'Wednesday'", input: 'Monday' }] });
  });

  it('answers health, refuses subsets realtor does not have, and exports Prometheus metrics', async () => {
    const get = await start('realtor');
    const health: unknown = await (await get('/health')).json();
    expect(parseWith(courseApiHealth, health, 'health answer').ok).toBe(true);
    expect(health).toEqual({ status: 'OK' });
    const subset = await get('/data?group_number=8&subset=validation');
    expect(subset.status).toBe(400);
    expect(await subset.json()).toEqual({ detail: expect.stringMatching(/no validation subset/) });
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/http_requests_total\{route="GET \/health",status="200",function="datasource"\} 1/);
  });

  it('serves diabetes training batches of 15,000 by encounter, and validation and test whole, apart', async () => {
    const get = await start('diabetes');
    await restart(get, 9);
    const first = await batchOf(await get('/data?group_number=9'));
    expect(first.batch_number).toBe(0);
    expect(first.data).toHaveLength(15_000);
    const encounters = first.data.map((r) => r.encounter_id as number);
    expect(encounters).toEqual([...encounters].sort((a, b) => a - b));
    expect(first.data[0]).toMatchObject({ weight: '?', readmitted: expect.any(String), admission_type_id: expect.any(Number) });

    const patients = (b: Batch): Set<unknown> => new Set(b.data.map((r) => r.patient_nbr));
    const validation = await batchOf(await get('/data?group_number=9&subset=validation'));
    const test = await batchOf(await get('/data?group_number=9&subset=test'));
    expect([validation.subset, validation.data.length, test.subset, test.data.length]).toEqual(['validation', 13_810, 'test', 13_673]);
    const [training, validating] = [patients(first), patients(validation)];
    expect([...validating].some((p) => training.has(p))).toBe(false);
    expect([...patients(test)].some((p) => training.has(p) || validating.has(p))).toBe(false);
    // The subsets move no cursor: the next training call is batch 1.
    expect((await batchOf(await get('/data?group_number=9'))).batch_number).toBe(1);
  });

  it('writes a large answer only as fast as the client reads it, never the whole body at once', async () => {
    let written = 0;
    const get = await start('diabetes', () => void written++);
    const res = await get('/data?group_number=10&subset=validation');
    const reader = res.body!.getReader();
    await reader.read();
    // The client stops reading: once the socket buffers are full, the server must stop writing rows.
    await sleep(300);
    const whileStalled = written;
    await reader.cancel();
    expect(whileStalled).toBeGreaterThan(0);
    expect(whileStalled).toBeLessThan(13_810 / 2);
  });
});
