import { createPool, insertRawBatch, loadConfig, type Pool } from '@tabular-ct/platform';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { preprocessBatch, type PreprocessDeps } from './preprocess-batch.ts';

// A group number the course never uses, so these batches cannot mix with a pipeline run's.
const GROUP = 80 + (process.pid % 10);

const house = (i: number) => ({
  brokered_by: 100.0 + i,
  status: 'for_sale',
  price: 200_000.0 + i,
  bed: 3.0,
  bath: 2.0,
  acre_lot: 0.25,
  street: 5_000_000.0 + GROUP * 1000 + i,
  city: 'Testville',
  state: 'Ohio',
  zip_code: 43004.0,
  house_size: 1500.0,
  prev_sold_date: '2020-01-15',
});

describe('preprocess against the real RAW and CLEAN databases', () => {
  let rawPool: Pool;
  let cleanPool: Pool;
  let deps: PreprocessDeps;

  /** Stores a delivery of batch number `n` as collect would, and returns its id. */
  const rawBatch = async (n: number, rows: unknown[]): Promise<string> => {
    const sha = createHash('sha256').update(JSON.stringify(rows)).digest('hex');
    const written = await insertRawBatch(rawPool, { dataset: 'realtor', group_number: GROUP, batch_number: n, source_url: 'test', payload_sha256: sha, archive_key: 'test' }, rows);
    return written.batch.batch_id;
  };

  const clean = async (): Promise<void> => {
    await cleanPool.query('DELETE FROM clean_batches WHERE batch_id LIKE $1', [`realtor-g${GROUP}-%`]);
    await rawPool.query('DELETE FROM batches WHERE dataset = $1 AND group_number = $2', ['realtor', GROUP]);
  };

  beforeAll(() => {
    const { database } = loadConfig(inject('stackEnv'), ['database']);
    rawPool = createPool(database.rawUrl);
    cleanPool = createPool(database.cleanUrl);
    deps = { rawPool, cleanPool, log: () => undefined };
  });
  beforeEach(clean);
  afterAll(async () => {
    await clean();
    await Promise.all([rawPool.end(), cleanPool.end()]);
  });

  it('accounts for every row: clean + rejected + duplicates = rows in, within and across batches', async () => {
    const first = [house(1), house(2), { ...house(3), price: 5 }, house(1), { ...house(4), colour: 'red' }, house(5)];
    const b0 = await rawBatch(0, first);
    const one = await preprocessBatch(deps, { dataset: 'realtor', batch_id: b0 });
    expect(one).toMatchObject({ status: 'processed', rows_in: 6, clean: 3, rejected: 2, duplicates: 1 });
    expect(one.splits.train + one.splits.validation + one.splits.test).toBe(3);
    expect(one.reject_reasons).toEqual(
      expect.arrayContaining([
        { field: 'price', reason: '5 is below the plausible minimum 1000', count: 1 },
        { field: 'colour', reason: 'is not a column of this dataset', count: 1 },
      ]),
    );

    // The second batch repeats two records of the first: they are duplicates, not new rows.
    const b1 = await rawBatch(1, [house(2), house(5), house(6)]);
    expect(await preprocessBatch(deps, { dataset: 'realtor', batch_id: b1 })).toMatchObject({ rows_in: 3, clean: 1, rejected: 0, duplicates: 2 });

    const stored = await cleanPool.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM clean_rows WHERE batch_id = ANY($1)) + (SELECT count(*) FROM rejects WHERE batch_id = ANY($1))
            + (SELECT count(*) FROM duplicates WHERE batch_id = ANY($1)) AS n`,
      [[b0, b1]],
    );
    expect(Number(stored.rows[0]?.n)).toBe(9);
    const row = await cleanPool.query('SELECT features, target FROM clean_rows WHERE batch_id = $1 ORDER BY row_index LIMIT 1', [b0]);
    expect(row.rows[0]).toMatchObject({ features: { zip_code: '43004', brokered_by: '101', price: 200_001 }, target: 200_001 });
    const profile = await cleanPool.query('SELECT profile FROM batch_profiles WHERE batch_id = $1', [b0]);
    expect(profile.rows[0]?.profile).toMatchObject({ rows: 3, columns: { state: { kind: 'categorical', top: [{ value: 'Ohio', count: 3 }] } } });
  });

  it('answers a batch it processed from what is stored, and writes nothing again', async () => {
    const b0 = await rawBatch(0, [house(1), { ...house(2), bed: 2.5 }]);
    const first = await preprocessBatch(deps, { dataset: 'realtor', batch_id: b0 });
    const again = await preprocessBatch(deps, { dataset: 'realtor', batch_id: b0 });
    expect(again).toEqual({ ...first, status: 'already_processed' });
    const count = await cleanPool.query<{ n: number }>('SELECT count(*)::int AS n FROM clean_rows WHERE batch_id = $1', [b0]);
    expect(count.rows[0]?.n).toBe(1);
  });

  it('processes a batch once when asked concurrently', async () => {
    const b0 = await rawBatch(0, Array.from({ length: 200 }, (_, i) => house(i)));
    const outcomes = await Promise.all([1, 2, 3].map(() => preprocessBatch(deps, { dataset: 'realtor', batch_id: b0 })));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['already_processed', 'already_processed', 'processed']);
    expect(outcomes.every((o) => o.clean === 200)).toBe(true);
  });

  it('keeps an empty batch as an empty batch', async () => {
    const b0 = await rawBatch(0, []);
    expect(await preprocessBatch(deps, { dataset: 'realtor', batch_id: b0 })).toMatchObject({ rows_in: 0, clean: 0, rejected: 0, duplicates: 0 });
  });

  it('refuses a batch RAW does not have, or one of another dataset', async () => {
    await expect(preprocessBatch(deps, { dataset: 'realtor', batch_id: `realtor-g${GROUP}-b7-d9` })).rejects.toMatchObject({ code: 'not_found' });
    const b0 = await rawBatch(0, [house(1)]);
    await expect(preprocessBatch(deps, { dataset: 'diabetes', batch_id: b0 })).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('keeps each row once across overlapping deliveries of one batch number, with the deliveries it came in', async () => {
    // A time-windowed data API answers batch 0 twice with overlapping samples.
    const d1 = await rawBatch(0, [house(1), house(2), house(3)]);
    const d2 = await rawBatch(0, [house(3), house(4), house(1)]);
    expect(d1).toBe(`realtor-g${GROUP}-b0-d1`);
    expect(d2).toBe(`realtor-g${GROUP}-b0-d2`);
    expect(await preprocessBatch(deps, { dataset: 'realtor', batch_id: d1 })).toMatchObject({ clean: 3, duplicates: 0 });
    expect(await preprocessBatch(deps, { dataset: 'realtor', batch_id: d2 })).toMatchObject({ deliveries: [{ batch_id: d2, rows_in: 3, clean: 1, duplicates: 2 }], clean: 1, duplicates: 2 });
    // Each row is stored once; the deliveries a row came in are its clean row's and its duplicates'.
    const cameIn = await cleanPool.query<{ street: string; deliveries: string[] }>(
      `SELECT c.features->>'street' AS street, array_agg(DISTINCT x.batch_id ORDER BY x.batch_id) AS deliveries
       FROM clean_rows c JOIN (SELECT batch_id, row_key FROM clean_rows UNION ALL SELECT batch_id, row_key FROM duplicates) x USING (row_key)
       WHERE c.batch_id IN ($1, $2) GROUP BY 1 ORDER BY 1`,
      [d1, d2],
    );
    expect(cameIn.rows.map((r) => r.deliveries)).toEqual([[d1, d2], [d1], [d1, d2], [d2]]);
  });

  it('processes the earlier deliveries CLEAN does not hold yet first, and answers them together', async () => {
    // A DAG run collected d1 and d2 and failed before preprocessing; the next run collected d3.
    const d1 = await rawBatch(0, [house(1), house(2)]);
    const d2 = await rawBatch(0, [house(2), house(3)]);
    const d3 = await rawBatch(1, [house(3), house(4), { ...house(5), price: 5 }]);
    const answer = await preprocessBatch(deps, { dataset: 'realtor', batch_id: d3 });
    expect(answer).toMatchObject({
      status: 'processed',
      batch_id: d3,
      deliveries: [
        { batch_id: d1, rows_in: 2, clean: 2, rejected: 0, duplicates: 0 },
        { batch_id: d2, rows_in: 2, clean: 1, rejected: 0, duplicates: 1 },
        { batch_id: d3, rows_in: 3, clean: 1, rejected: 1, duplicates: 1 },
      ],
      rows_in: 7,
      clean: 4,
      rejected: 1,
      duplicates: 2,
    });
    expect(answer.splits.train + answer.splits.validation + answer.splits.test).toBe(4);
    expect(await preprocessBatch(deps, { dataset: 'realtor', batch_id: d3 })).toEqual({ ...answer, status: 'already_processed' });
    // Asked for an earlier one afterwards: it was processed with d3, and the answer says so.
    expect(await preprocessBatch(deps, { dataset: 'realtor', batch_id: d1 })).toMatchObject({ status: 'already_processed', deliveries: answer.deliveries });
  });
});
