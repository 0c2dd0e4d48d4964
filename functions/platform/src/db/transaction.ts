import type { Pool, PoolClient } from './pool.ts';
import { pgError } from './pg-errors.ts';

/**
 * Runs `work` inside one transaction: committed when it resolves, rolled back when it
 * throws, so a failure leaves nothing behind. Errors come out as AppError.
 */
export async function withTransaction<T>(pool: Pool, where: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw pgError(error, where);
  }
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw pgError(error, where);
  } finally {
    client.release();
  }
}
