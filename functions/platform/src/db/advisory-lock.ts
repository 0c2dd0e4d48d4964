import pg from 'pg';
import type { Pool } from './pool.ts';
import { pgError } from './pg-errors.ts';

/**
 * Runs `work` while this process holds PostgreSQL's advisory lock on (name, key): calls with
 * the same name and key, in any process or replica, run one after another. The lock is held
 * on a connection of its own, outside the pool, so `work` has the whole pool: a lock taken on
 * a pooled connection would let callers waiting for it hold every connection the holder needs.
 * The lock goes with the connection, when `work` settles or the process dies.
 */
export async function withAdvisoryLock<T>(pool: Pool, name: string, key: number, work: () => Promise<T>): Promise<T> {
  const { connectionString, connectionTimeoutMillis } = pool.options;
  const client = new pg.Client({ connectionString, connectionTimeoutMillis });
  // A lock connection that loses its server must not crash the process; the failed query says so.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT pg_advisory_lock(hashtext($1), $2)', [name, key]);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw pgError(error, `take the lock ${name} ${key}`);
  }
  try {
    return await work();
  } finally {
    await client.end().catch(() => undefined);
  }
}
