import { EXHAUSTED_DETAILS, type ExhaustedSpelling } from '@tabular-ct/core';
import { loadConfig, readRawRows, type RunningServer } from '@tabular-ct/platform';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { serveTestDatasource } from '../../datasource/src/testing/serve-test-datasource.ts';
import { preprocessBatch } from '../../preprocess/src/preprocess-batch.ts';
import { collectBatch, type CollectDeps } from './collect-batch.ts';
import { forgetGroup } from './testing/forget-group.ts';
import { openDataSide } from './testing/open-data-side.ts';

// collect and preprocess against the simulator playing the course's time-windowed API: the
// batch changes on the first call after a short window, and every call inside it answers
// another half of the batch. The simulator serves groups 1-10 as the course's API does: these
// (5-7; the plan-to-clean test takes 8-10, the demo 1), a state key and a de-duplication salt
// of their own keep it apart from a pipeline on the same stack.
const GROUP = 5 + (process.pid % 3);
const SUFFIX = `-window-it-${process.pid}`;
const WINDOW_SECONDS = 0.6;
// Realtor's first batches under the simulator's plan (functions/datasource/README.md), and half of each.
const SAMPLE = [167, 167, 473, 12, 655, 738];
const silent = (): void => undefined;

describe('collect against a time-windowed data API', () => {
  const config = loadConfig(inject('stackEnv'), ['database', 'objectStore', 'datasource']);
  const { rawPool, cleanPool, sourcePool, store } = openDataSide(config);
  let deps: CollectDeps;
  const servers: RunningServer[] = [];

  const serveApi = async (spelling: ExhaustedSpelling = 'accented'): Promise<string> => {
    const api = await serveTestDatasource({
      dataset: 'realtor',
      pool: sourcePool,
      datasetsDir: config.datasource.datasetsDir,
      cursorSuffix: SUFFIX,
      env: { DATASOURCE_API_MODE: 'window', DATASOURCE_WINDOW_SECONDS: String(WINDOW_SECONDS), DATASOURCE_SAMPLE_SHARE: '0.5', DATASOURCE_EXHAUSTED_SPELLING: spelling },
    });
    servers.push(api);
    deps.dataApi.allowedUrls.push(api.url);
    await fetch(`${api.url}/restart_data_generation?group_number=${GROUP}`);
    return api.url;
  };
  const collect = (url: string, calls = 1) => collectBatch(deps, { dataset: 'realtor', source_url: url, group_number: GROUP, calls });
  const preprocess = (batchId: string) => preprocessBatch({ rawPool, cleanPool, log: silent, rowKeySalt: SUFFIX }, { dataset: 'realtor', batch_id: batchId });
  const nextWindow = () => sleep(WINDOW_SECONDS * 1000 + 150);

  const cleanUp = async (): Promise<void> => {
    await forgetGroup({ rawPool, cleanPool, store }, 'realtor', GROUP);
  };

  beforeAll(async () => {
    // Each test's simulator is added to the data APIs collect may read when it starts.
    deps = { rawPool, store, dataApi: { timeoutMs: 30_000, attempts: 2, backoffMs: 50, allowedUrls: [] }, log: silent };
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    await cleanUp();
  });
  afterAll(async () => {
    await sourcePool.query('DELETE FROM cursors WHERE dataset LIKE $1', [`%${SUFFIX}`]);
    await Promise.all([rawPool.end(), cleanPool.end(), sourcePool.end()]);
  });

  it('stores two calls in one window as two deliveries of the batch, and keeps each row once in CLEAN', async () => {
    const url = await serveApi();
    const first = await collect(url);
    const second = await collect(url);
    expect([first, second].map((c) => [c.status, c.batch_id, c.rows])).toEqual([
      ['collected', `realtor-g${GROUP}-b0-d1`, SAMPLE[0]],
      ['collected', `realtor-g${GROUP}-b0-d2`, SAMPLE[0]],
    ]);

    // The two samples overlap: CLEAN holds each distinct row once, the overlap as duplicates of the second.
    const rows = [...(await readRawRows(rawPool, first.batch_id ?? '')), ...(await readRawRows(rawPool, second.batch_id ?? ''))];
    const distinct = new Set(rows.map((r) => JSON.stringify(r))).size;
    expect(distinct).toBeLessThan(rows.length);
    const processed = await preprocess(second.batch_id ?? '');
    expect(processed.deliveries.map((d) => d.batch_id)).toEqual([first.batch_id, second.batch_id]);
    expect(processed.rows_in).toBe(rows.length);
    expect(processed.clean + processed.rejected).toBe(distinct);
    expect(processed.duplicates).toBe(rows.length - distinct);
  });

  it('moves to the next batch after the window, and makes several calls in one request', async () => {
    const url = await serveApi();
    expect(await collect(url, 3)).toMatchObject({ status: 'collected', batch_number: 0, delivery: 3, deliveries: [{ delivery: 1 }, { delivery: 2 }, { delivery: 3 }] });
    await nextWindow();
    const next = await collect(url, 2);
    expect(next.deliveries.map((d) => [d.batch_id, d.rows])).toEqual([
      [`realtor-g${GROUP}-b1-d4`, SAMPLE[1]],
      [`realtor-g${GROUP}-b1-d5`, SAMPLE[1]],
    ]);
  });

  it.each<ExhaustedSpelling>(['accented', 'plain'])('recognises the end of the data spelled %s, after the last window', async (spelling) => {
    const url = await serveApi(spelling);
    const seen: number[] = [];
    for (let batch = 0; batch < SAMPLE.length; batch++) {
      const answer = await collect(url);
      seen.push(answer.rows ?? -1);
      await nextWindow();
    }
    expect(seen).toEqual(SAMPLE);
    const end = await fetch(`${url}/data?group_number=${GROUP}`);
    expect(await end.json()).toEqual({ detail: EXHAUSTED_DETAILS[spelling] });
    expect(await collect(url)).toMatchObject({ status: 'exhausted', end_of_data: true, deliveries: [] });
  });

  it('fails on another 400 of the API with its detail quoted, and writes nothing', async () => {
    const url = await serveApi();
    const stored = async () => (await rawPool.query('SELECT count(*)::int AS n FROM batches WHERE dataset = $1 AND group_number = 11', ['realtor'])).rows[0]?.n;
    const before = await stored();
    // The simulator refuses a group outside 1-10 the way the course's API does.
    await expect(collectBatch(deps, { dataset: 'realtor', source_url: url, group_number: 11 })).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/HTTP 400: "Número de grupo inválido: 11/),
    });
    expect(await stored()).toBe(before);
  });
});
