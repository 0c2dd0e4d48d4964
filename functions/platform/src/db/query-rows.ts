import type { QueryResultRow } from 'pg';
import { pgError } from './pg-errors.ts';
import type { Pool } from './pool.ts';

/** Runs one statement and returns its rows; a failure becomes pgError's AppError naming `where`. */
export async function queryRows<R extends QueryResultRow>(pool: Pool, where: string, sql: string, params: unknown[]): Promise<R[]> {
  try {
    return (await pool.query<R>(sql, params)).rows;
  } catch (error) {
    throw pgError(error, where);
  }
}
