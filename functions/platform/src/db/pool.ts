import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface PoolOptions {
  max?: number;
  /** Server-side limit on each statement, so a runaway query cannot hold a request forever. */
  statementTimeoutMs?: number;
  /** How long to wait for a connection before failing (the server is down or saturated). */
  connectTimeoutMs?: number;
}

/** A connection pool to one database, with timeouts on connecting and on every statement. */
export function createPool(url: string, options: PoolOptions = {}): Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 5,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    statement_timeout: options.statementTimeoutMs ?? 60_000,
    idleTimeoutMillis: 10_000,
  });
  // An idle client that loses its server emits here; without a listener it would crash the process.
  pool.on('error', (error) => console.error(JSON.stringify({ level: 'warn', msg: 'idle PostgreSQL client failed', error: error.message })));
  return pool;
}
