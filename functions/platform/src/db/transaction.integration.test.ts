import { inject, afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { migrate } from './migrate.ts';
import { createPool, type Pool } from './pool.ts';
import { withTransaction } from './transaction.ts';

describe('PostgreSQL on the local stack', () => {
  let pool: Pool;
  const batchId = `test-tx-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    const { database } = loadConfig(inject('stackEnv'), ['database']);
    pool = createPool(database.rawUrl);
  });
  afterAll(async () => {
    await pool.query('DELETE FROM batches WHERE batch_id LIKE $1', [`${batchId}%`]);
    await pool.end();
  });

  it('has every migration applied, and applying again changes nothing', async () => {
    expect(await migrate(pool, 'raw')).toEqual([]);
    const tables = await pool.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    expect(tables.rows.map((r) => r.tablename)).toEqual(expect.arrayContaining(['batches', 'raw_rows', 'inference_log', 'schema_migrations']));
  });

  const insertBatch = async (client: { query: Pool['query'] }, id: string, rows: number): Promise<void> => {
    await client.query(
      `INSERT INTO batches (batch_id, dataset, group_number, batch_number, delivery, source_url, row_count, payload_sha256, archive_key)
       VALUES ($1, 'realtor', 1, $2, $2, 'http://test', $3, $4, 'k')`,
      [id, Math.floor(Math.random() * 1e9), rows, 'a'.repeat(64)],
    );
    for (let i = 0; i < rows; i++) {
      await client.query('INSERT INTO raw_rows (batch_id, row_index, payload) VALUES ($1, $2, $3)', [id, i, { i }]);
    }
  };

  it('rolls back everything written in a transaction that fails', async () => {
    const id = `${batchId}-rolled-back`;
    await expect(
      withTransaction(pool, 'test', async (client) => {
        await insertBatch(client, id, 3);
        throw new Error('crash after the rows were written');
      }),
    ).rejects.toThrow(/crash after the rows/);
    const batches = await pool.query('SELECT 1 FROM batches WHERE batch_id = $1', [id]);
    const rows = await pool.query('SELECT 1 FROM raw_rows WHERE batch_id = $1', [id]);
    expect(batches.rowCount).toBe(0);
    expect(rows.rowCount).toBe(0);
  });

  it('commits a transaction that succeeds', async () => {
    const id = `${batchId}-committed`;
    await withTransaction(pool, 'test', (client) => insertBatch(client, id, 3));
    const rows = await pool.query('SELECT count(*)::int AS n FROM raw_rows WHERE batch_id = $1', [id]);
    expect(rows.rows[0]).toEqual({ n: 3 });
  });

  it('translates a constraint violation into a conflict, and keeps nothing of the transaction', async () => {
    const id = `${batchId}-dup`;
    const failure = withTransaction(pool, 'insert twice', async (client) => {
      await insertBatch(client, id, 1);
      await insertBatch(client, id, 1);
    });
    await expect(failure).rejects.toMatchObject({ code: 'conflict' });
    expect((await pool.query('SELECT 1 FROM batches WHERE batch_id = $1', [id])).rowCount).toBe(0);
  });
});
