import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { createPool, type Pool } from '../db/pool.ts';
import { insertCleanBatch } from './clean-batches.ts';
import { deliveriesUpTo, readCleanRows } from './read-clean-rows.ts';

// A group the course's API never serves (it has 1-10), and no other test file takes 20-29
// (explain takes 60-69, drift 40-49, promote 50-59): these rows and their clean-up stay apart.
const GROUP = 20 + (process.pid % 10);
// Delivery numbers 1, 3 and 11 (batch numbers 0, 2 and 10): above 9 to catch text ordering.
const id = (n: number): string => `realtor-g${GROUP}-b${n}-d${n + 1}`;

describe('reading CLEAN rows', () => {
  let pool: Pool;

  const batch = (n: number, splits: Array<'train' | 'validation' | 'test'>) =>
    insertCleanBatch(pool, {
      summary: { batch_id: id(n), dataset: 'realtor', rows_in: splits.length, rows_clean: splits.length, rows_rejected: 0, rows_duplicate: 0 },
      rows: splits.map((split, i) => ({ row_index: i, row_key: `${process.pid}-${n}-${i}-${Date.now()}`, split, features: { bed: n * 10 + i }, target: n })),
      rejects: [],
      duplicates: [],
      profile: {},
    });

  beforeAll(async () => {
    pool = createPool(loadConfig(inject('stackEnv'), ['database']).database.cleanUrl);
    await pool.query('DELETE FROM clean_batches WHERE batch_id LIKE $1', [`realtor-g${GROUP}-%`]);
    // Out of order on purpose, with a batch number above 9 to catch text ordering.
    await batch(10, ['train']);
    await batch(0, ['train', 'test', 'validation']);
    await batch(2, ['test', 'train']);
  });
  afterAll(async () => {
    await pool.query('DELETE FROM clean_batches WHERE batch_id LIKE $1', [`realtor-g${GROUP}-%`]);
    await pool.end();
  });

  it('lists the batches seen so far in delivery order', async () => {
    expect(await deliveriesUpTo(pool, 'realtor', id(2))).toEqual([id(0), id(2)]);
    expect(await deliveriesUpTo(pool, 'realtor', id(10))).toEqual([id(0), id(2), id(10)]);
    expect(await deliveriesUpTo(pool, 'realtor', 'not-a-batch')).toEqual([]);
    // A version tagged before batches were deliveries names a batch number.
    expect(await deliveriesUpTo(pool, 'realtor', `realtor-g${GROUP}-b2`)).toEqual([id(0), id(2)]);
  });

  it('reads rows in batch then row order, optionally of some splits', async () => {
    const all = await readCleanRows(pool, [id(0), id(2)]);
    expect(all.map((r) => [r.batch_id, r.row_index, r.split, r.features.bed])).toEqual([
      [id(0), 0, 'train', 0],
      [id(0), 1, 'test', 1],
      [id(0), 2, 'validation', 2],
      [id(2), 0, 'test', 20],
      [id(2), 1, 'train', 21],
    ]);
    expect((await readCleanRows(pool, [id(2), id(0)], ['test'])).map((r) => r.batch_id)).toEqual([id(2), id(0)]);
  });
});
