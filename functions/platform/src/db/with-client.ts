import pg from 'pg';
import { pgError } from './pg-errors.ts';

/** Runs `work` on one connection of its own to `url`, ended afterwards; a failure becomes pgError's AppError naming `where`. */
export async function withClient<T>(url: string, where: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    return await work(client);
  } catch (error) {
    throw pgError(error, where);
  } finally {
    await client.end().catch(() => undefined);
  }
}
