import {
  courseApiDetail,
  courseApiHealth,
  courseApiRestarted,
  courseApiValidationError,
  dataApiBatch,
  EXHAUSTED_DETAILS,
  parseWith,
  type DatasetName,
} from '@tabular-ct/core';
import { createPool, loadConfig, type Pool, type RunningServer } from '@tabular-ct/platform';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { serveTestDatasource } from './testing/serve-test-datasource.ts';

// Group state of this run lives under its own dataset keys, so a simulator that a developer
// runs against the same database keeps its place; window-mode tests have keys of their own.
const KEY_SUFFIX = `-it-${process.pid}`;
const WINDOW_SUFFIX = `${KEY_SUFFIX}-window`;
const REALTOR_SIZES = [333, 334, 946, 23, 1310, 1476];

type Batch = typeof dataApiBatch.infer & { subset?: string; day?: string };
type Get = (query: string) => Promise<Response>;

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
    await pool.query('DELETE FROM cursors WHERE dataset LIKE $1', [`%${KEY_SUFFIX}%`]);
    await pool.end();
  });

  /** Starts the function in process, as main.ts does, over the shared database; each call is a fresh process's worth of state. */
  const start = async (dataset: DatasetName, options: { env?: Record<string, string>; onRow?: () => void; suffix?: string } = {}): Promise<Get> => {
    const { suffix = KEY_SUFFIX, ...rest } = options;
    const server = await serveTestDatasource({ dataset, pool, datasetsDir, cursorSuffix: suffix, ...rest });
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
  const restart = async (get: Get, group: number): Promise<void> => {
    const res = await get(`/restart_data_generation?group_number=${group}`);
    expect(res.status).toBe(200);
    const body: unknown = await res.json();
    expect(parseWith(courseApiRestarted, body, 'restart answer').ok).toBe(true);
    expect(body).toEqual({ ok: true });
  };

  describe('cursor mode (the default): every call serves the next batch whole', () => {
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
        expect(await res.text()).toBe(JSON.stringify({ detail: EXHAUSTED_DETAILS.accented }));
      }
    });

    it('sends the file\'s float codes as JSON numbers: ZIP 00601, written 601.0, arrives as 601', async () => {
      const get = await start('realtor');
      await restart(get, 2);
      const rows = [];
      for (let n = 0; n < REALTOR_SIZES.length; n++) {
        const batch = await batchOf(await get('/data?group_number=2&day=Tuesday'));
        expect(batch.day).toBe('Tuesday');
        rows.push(...batch.data);
      }
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
      expect(refused).toEqual(Array.from({ length: 4 }, () => ({ status: 400, body: { detail: EXHAUSTED_DETAILS.accented } })));
    });

    it('refuses a group outside 1-10 with a 400 detail of its own, like the course API', async () => {
      const get = await start('realtor');
      for (const group of [0, 11, -3]) {
        for (const path of ['/data', '/restart_data_generation']) {
          const res = await get(`${path}?group_number=${group}`);
          expect(res.status).toBe(400);
          const body = (await res.json()) as { detail: unknown };
          expect(parseWith(courseApiDetail, body, 'error answer').ok).toBe(true);
          expect(body.detail).not.toBe(EXHAUSTED_DETAILS.accented);
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

      const badDay = await get('/data?group_number=7&day=Funday');
      expect(badDay.status).toBe(422);
      const body: unknown = await badDay.json();
      expect(parseWith(courseApiValidationError, body, 'validation answer').ok).toBe(true);
      const msg = "Input should be 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday' or 'Sunday'";
      expect(body).toEqual({ detail: [{ type: 'literal_error', loc: ['query', 'day'], msg, input: 'Funday' }] });
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
      const get = await start('diabetes', { onRow: () => void written++ });
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

  describe('window mode (the released code): a batch per window, a seeded sample per call', () => {
    const startWindow = (dataset: DatasetName, env: Record<string, string> = {}): Promise<Get> =>
      start(dataset, { env: { DATASOURCE_API_MODE: 'window', ...env }, suffix: WINDOW_SUFFIX });
    const textOf = async (res: Response): Promise<string> => {
      expect(res.status).toBe(200);
      return res.text();
    };
    const parse = (text: string): Batch => JSON.parse(text) as Batch;
    const rowKeys = (batch: Batch): string[] => batch.data.map((row) => JSON.stringify(row));

    it('answers samples of one batch inside a window, the next batch after it, and the same bytes after a restart', async () => {
      // The whole batches 0 and 1, from a cursor-mode simulator, to check every sampled row belongs to its batch.
      const cursor = await start('realtor');
      await restart(cursor, 10);
      const whole = [new Set(rowKeys(await batchOf(await cursor('/data?group_number=10')))), new Set(rowKeys(await batchOf(await cursor('/data?group_number=10'))))];

      // A 1 s window; 0.6 of a batch per call, so two calls of a window must share rows (200 + 200 > 333).
      const get = await startWindow('realtor', { DATASOURCE_WINDOW_SECONDS: '1', DATASOURCE_SAMPLE_SHARE: '0.6' });
      const sequence = async (): Promise<string[]> => {
        await restart(get, 1);
        const texts = [await textOf(await get('/data?group_number=1')), await textOf(await get('/data?group_number=1'))];
        await sleep(1100);
        texts.push(await textOf(await get('/data?group_number=1')));
        return texts;
      };
      const first = await sequence();
      const [a, b, c] = first.map(parse) as [Batch, Batch, Batch];
      expect([a, b, c].map((x) => [x.batch_number, x.data.length])).toEqual([[0, 200], [0, 200], [1, 200]]);
      const [keysA, keysB] = [rowKeys(a), rowKeys(b)];
      expect(keysA).not.toEqual(keysB);
      expect(keysB.filter((k) => keysA.includes(k)).length).toBeGreaterThan(0);
      for (const k of [...keysA, ...keysB]) expect(whole[0]!.has(k)).toBe(true);
      for (const k of rowKeys(c)) expect(whole[1]!.has(k)).toBe(true);
      // Restart resets the group: the same calls answer the same bytes, which collect recognises as already collected.
      expect(await sequence()).toEqual(first);
    });

    it('moves on only after a whole window, serves the last batch for a whole window, then ends with the configured spelling and restart answer', async () => {
      const get = await startWindow('realtor', { DATASOURCE_WINDOW_SECONDS: '0.3', DATASOURCE_EXHAUSTED_SPELLING: 'plain', DATASOURCE_RESTART_ANSWER: 'list' });
      const restarted = await get('/restart_data_generation?group_number=2');
      const answer = await restarted.text();
      expect(answer).toBe('["ok"]');
      expect(parseWith(courseApiRestarted, JSON.parse(answer), 'restart answer').ok).toBe(true);
      const seen: number[][] = [];
      for (let n = 0; n < REALTOR_SIZES.length; n++) {
        const batch = await batchOf(await get('/data?group_number=2'));
        seen.push([batch.batch_number, batch.data.length]);
        if (n === REALTOR_SIZES.length - 1) expect((await batchOf(await get('/data?group_number=2'))).batch_number).toBe(n);
        await sleep(350);
      }
      // The default share, 0.1: max(1, round(0.1 x rows)).
      expect(seen).toEqual([[0, 33], [1, 33], [2, 95], [3, 2], [4, 131], [5, 148]]);
      for (let i = 0; i < 2; i++) {
        const res = await get('/data?group_number=2');
        expect(res.status).toBe(400);
        expect(await res.text()).toBe(JSON.stringify({ detail: EXHAUSTED_DETAILS.plain }));
      }
    });

    it('gives each of ten concurrent calls its own call index: the same ten answers as ten calls in turn', async () => {
      const get = await startWindow('realtor', { DATASOURCE_WINDOW_SECONDS: '5' });
      await restart(get, 3);
      const concurrent = await Promise.all(Array.from({ length: 10 }, async () => textOf(await get('/data?group_number=3'))));
      await restart(get, 3);
      const inTurn: string[] = [];
      for (let i = 0; i < 10; i++) inTurn.push(await textOf(await get('/data?group_number=3')));
      expect(new Set(inTurn).size).toBe(10);
      expect([...concurrent].sort()).toEqual([...inTurn].sort());
      expect(inTurn.map((t) => parse(t).batch_number)).toEqual(Array.from({ length: 10 }, () => 0));
    });

    it('takes any weekday and echoes it before batch_number, and refuses another day with FastAPI\'s 422', async () => {
      const get = await startWindow('realtor');
      await restart(get, 4);
      expect(await textOf(await get('/data?group_number=4&day=Monday'))).toMatch(/^\{"group_number":4,"day":"Monday","batch_number":0,"data":\[\{/);
      expect(await textOf(await get('/data?group_number=4&day=Sunday'))).toMatch(/^\{"group_number":4,"day":"Sunday","batch_number":0,"data":\[\{/);
      expect(await textOf(await get('/data?group_number=4'))).toMatch(/^\{"group_number":4,"batch_number":0,"data":\[\{/);
      const funday = await get('/data?group_number=4&day=Funday');
      expect(funday.status).toBe(422);
      expect(await funday.json()).toMatchObject({ detail: [{ type: 'literal_error', loc: ['query', 'day'], input: 'Funday' }] });
    });

    it('serves diabetes samples of 15,000-row batches, and validation whole without moving the window\'s calls', async () => {
      const get = await startWindow('diabetes');
      await restart(get, 5);
      const first = await textOf(await get('/data?group_number=5'));
      const validation = await batchOf(await get('/data?group_number=5&subset=validation'));
      const second = await textOf(await get('/data?group_number=5'));
      expect([validation.subset, validation.batch_number, validation.data.length]).toEqual(['validation', 0, 13_810]);
      expect([first, second].map((t) => [parse(t).batch_number, parse(t).data.length])).toEqual([[0, 1500], [0, 1500]]);
      expect(first).not.toBe(second);
      // Without the validation call in between, the same two answers: it took no call index.
      await restart(get, 5);
      expect([await textOf(await get('/data?group_number=5')), await textOf(await get('/data?group_number=5'))]).toEqual([first, second]);
    });
  });

  it('waits before an answer in proportion to its rows (DATASOURCE_DELAY_MS_PER_1000_ROWS)', async () => {
    const get = await start('realtor', { env: { DATASOURCE_DELAY_MS_PER_1000_ROWS: '600' } });
    await restart(get, 6);
    const started = performance.now();
    const res = await get('/data?group_number=6');
    const waited = performance.now() - started;
    expect((await batchOf(res)).data).toHaveLength(333);
    // 333 rows at 600 ms per 1,000: 199.8 ms before the answer starts. A lower bound only: the machine may be slower.
    expect(waited).toBeGreaterThanOrEqual(199);
  });
});
