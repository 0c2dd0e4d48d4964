import { createPool, insertRawBatch, loadConfig, type Pool } from '@tabular-ct/platform';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { preprocessBatch, type PreprocessDeps } from './preprocess-batch.ts';

// A group number the course never uses, so these batches cannot mix with a pipeline run's.
const GROUP = 80 + (process.pid % 10);
const id = (n: number): string => `realtor-g${GROUP}-b${n}`;

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

  const rawBatch = (n: number, rows: unknown[]) =>
    insertRawBatch(
      rawPool,
      { batch_id: id(n), dataset: 'realtor', group_number: GROUP, batch_number: n, source_url: 'test', row_count: rows.length, payload_sha256: 'f'.repeat(64), archive_key: 'test' },
      rows,
    );

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
    await rawBatch(0, first);
    const one = await preprocessBatch(deps, { dataset: 'realtor', batch_id: id(0) });
    expect(one).toMatchObject({ status: 'processed', rows_in: 6, clean: 3, rejected: 2, duplicates: 1 });
    expect(one.splits.train + one.splits.validation + one.splits.test).toBe(3);
    expect(one.reject_reasons).toEqual(
      expect.arrayContaining([
        { field: 'price', reason: '5 is below the plausible minimum 1000', count: 1 },
        { field: 'colour', reason: 'is not a column of this dataset', count: 1 },
      ]),
    );

    // The second batch repeats two records of the first: they are duplicates, not new rows.
    await rawBatch(1, [house(2), house(5), house(6)]);
    expect(await preprocessBatch(deps, { dataset: 'realtor', batch_id: id(1) })).toMatchObject({ rows_in: 3, clean: 1, rejected: 0, duplicates: 2 });

    const stored = await cleanPool.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM clean_rows WHERE batch_id = ANY($1)) + (SELECT count(*) FROM rejects WHERE batch_id = ANY($1))
            + (SELECT count(*) FROM duplicates WHERE batch_id = ANY($1)) AS n`,
      [[id(0), id(1)]],
    );
    expect(Number(stored.rows[0]?.n)).toBe(9);
    const row = await cleanPool.query('SELECT features, target FROM clean_rows WHERE batch_id = $1 ORDER BY row_index LIMIT 1', [id(0)]);
    expect(row.rows[0]).toMatchObject({ features: { zip_code: '43004', brokered_by: '101', price: 200_001 }, target: 200_001 });
    const profile = await cleanPool.query('SELECT profile FROM batch_profiles WHERE batch_id = $1', [id(0)]);
    expect(profile.rows[0]?.profile).toMatchObject({ rows: 3, columns: { state: { kind: 'categorical', top: [{ value: 'Ohio', count: 3 }] } } });
  });

  it('answers a batch it processed from what is stored, and writes nothing again', async () => {
    await rawBatch(0, [house(1), { ...house(2), bed: 2.5 }]);
    const first = await preprocessBatch(deps, { dataset: 'realtor', batch_id: id(0) });
    const again = await preprocessBatch(deps, { dataset: 'realtor', batch_id: id(0) });
    expect(again).toEqual({ ...first, status: 'already_processed' });
    const count = await cleanPool.query<{ n: number }>('SELECT count(*)::int AS n FROM clean_rows WHERE batch_id = $1', [id(0)]);
    expect(count.rows[0]?.n).toBe(1);
  });

  it('processes a batch once when asked concurrently', async () => {
    await rawBatch(0, Array.from({ length: 200 }, (_, i) => house(i)));
    const outcomes = await Promise.all([1, 2, 3].map(() => preprocessBatch(deps, { dataset: 'realtor', batch_id: id(0) })));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['already_processed', 'already_processed', 'processed']);
    expect(outcomes.every((o) => o.clean === 200)).toBe(true);
  });

  it('keeps an empty batch as an empty batch', async () => {
    await rawBatch(0, []);
    expect(await preprocessBatch(deps, { dataset: 'realtor', batch_id: id(0) })).toMatchObject({ rows_in: 0, clean: 0, rejected: 0, duplicates: 0 });
  });

  it('refuses a batch RAW does not have, or one of another dataset', async () => {
    await expect(preprocessBatch(deps, { dataset: 'realtor', batch_id: id(7) })).rejects.toMatchObject({ code: 'not_found' });
    await rawBatch(0, [house(1)]);
    await expect(preprocessBatch(deps, { dataset: 'diabetes', batch_id: id(0) })).rejects.toMatchObject({ code: 'invalid_request' });
  });
});
