import type { DatasetName } from '@tabular-ct/core';
import { loadConfig, type RunningServer } from '@tabular-ct/platform';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { archivePrefix } from '../../collect/src/archive-key.ts';
import { collectBatch } from '../../collect/src/collect-batch.ts';
import { forgetGroup } from '../../collect/src/testing/forget-group.ts';
import { openDataSide } from '../../collect/src/testing/open-data-side.ts';
import { serveTestDatasource } from '../../datasource/src/testing/serve-test-datasource.ts';
import { preprocessBatch } from './preprocess-batch.ts';

// The simulator serves groups 1-10 like the course's API; the main command uses group 1.
// These high groups, cursors under their own key, and a clean-up before and after keep
// this run apart from a pipeline a developer runs against the same stack.
const GROUP = 8 + (process.pid % 3);
const CURSOR_SUFFIX = `-plan-it-${process.pid}`;
const silent = (): void => undefined;

/**
 * The data side end to end, on the real stack: the simulator serves a dataset's whole plan,
 * collect stores every batch in RAW, preprocess turns each into CLEAN, until the data API
 * says it is exhausted. Every row is accounted for at every step.
 */
describe.each<[DatasetName, number[]]>([
  ['realtor', [333, 334, 946, 23, 1310, 1476]],
  ['diabetes', [15_000, 15_000, 15_000, 15_000, 4_044]],
])('the %s plan from the data API to CLEAN', (dataset, sizes) => {
  const config = loadConfig(inject('stackEnv'), ['database', 'objectStore', 'datasource']);
  const { rawPool, cleanPool, sourcePool, store } = openDataSide(config);
  let api: RunningServer;

  const cleanUp = async (): Promise<void> => {
    await forgetGroup({ rawPool, cleanPool, store }, dataset, GROUP);
    await sourcePool.query('DELETE FROM cursors WHERE dataset = $1', [dataset + CURSOR_SUFFIX]);
  };

  beforeAll(async () => {
    await cleanUp();
    api = await serveTestDatasource({ dataset, pool: sourcePool, datasetsDir: config.datasource.datasetsDir, cursorSuffix: CURSOR_SUFFIX });
  });

  afterAll(async () => {
    await api.close();
    await cleanUp();
    await Promise.all([rawPool.end(), cleanPool.end(), sourcePool.end()]);
  });

  it('collects and processes every batch with exact row accounting, then stops at exhaustion', async () => {
    const request = { dataset, source_url: api.url, group_number: GROUP };
    const deps = { rawPool, store, dataApi: { timeoutMs: 60_000, attempts: 2, backoffMs: 100, allowedUrls: [api.url] }, log: silent };
    const collected: number[] = [];
    for (;;) {
      const outcome = await collectBatch(deps, request);
      if (outcome.status === 'exhausted') break;
      expect(outcome.status).toBe('collected');
      collected.push(outcome.rows ?? -1);

      const processed = await preprocessBatch({ rawPool, cleanPool, log: silent }, { dataset, batch_id: outcome.batch_id ?? '' });
      expect(processed.clean + processed.rejected + processed.duplicates).toBe(processed.rows_in);
      expect(processed.rows_in).toBe(outcome.rows);
      expect(processed.splits.train + processed.splits.validation + processed.splits.test).toBe(processed.clean);
      // What CLEAN stores row by row agrees with what preprocess answered.
      const stored = await cleanPool.query<{ clean: number; rejected: number; duplicates: number }>(
        `SELECT (SELECT count(*)::int FROM clean_rows WHERE batch_id = $1) AS clean,
                (SELECT count(*)::int FROM rejects WHERE batch_id = $1) AS rejected,
                (SELECT count(*)::int FROM duplicates WHERE batch_id = $1) AS duplicates`,
        [outcome.batch_id],
      );
      expect(stored.rows[0]).toEqual({ clean: processed.clean, rejected: processed.rejected, duplicates: processed.duplicates });
    }
    expect(collected).toEqual(sizes);

    const raw = await rawPool.query<{ batches: number; rows: number }>(
      `SELECT count(DISTINCT b.batch_id)::int AS batches, count(r.*)::int AS rows
       FROM batches b JOIN raw_rows r USING (batch_id) WHERE b.dataset = $1 AND b.group_number = $2`,
      [dataset, GROUP],
    );
    expect(raw.rows[0]).toEqual({ batches: sizes.length, rows: sizes.reduce((a, b) => a + b, 0) });
    expect(await store.list(archivePrefix(dataset, GROUP))).toHaveLength(sizes.length);

    // Exhausted stays exhausted, and writes nothing.
    expect(await collectBatch(deps, request)).toMatchObject({ status: 'exhausted' });
  });
});
