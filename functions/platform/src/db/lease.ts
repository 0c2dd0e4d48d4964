import { AppError } from '@tabular-ct/core';
import pg from 'pg';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from './pool.ts';
import { pgError } from './pg-errors.ts';

/** Who holds a lease, as PostgreSQL reports it. */
interface LeaseHolder {
  /** The holder's connection name: function, host and process id. */
  holder: string;
  /** When the holder took the lease (ISO 8601). */
  since: string;
}

/** The work's result, or who is still doing it once the wait is over. */
export type LeaseOutcome<T> = { ok: true; value: T } | { ok: false; heldBy: LeaseHolder | undefined };

/**
 * The 409 a caller gets while another attempt holds the lease: what is being done, by whom and
 * since when, and when to come back; `details` carry the holder too, for a client to read.
 */
export function leaseHeldError(doing: string, retry: string, heldBy: LeaseHolder | undefined, details: Record<string, string>): AppError {
  const who = heldBy ? ` by ${heldBy.holder} since ${heldBy.since}` : '';
  return new AppError('conflict', `${doing}${who}: ${retry}`, { ...details, ...heldBy });
}

interface LeaseOptions {
  /** What the work is (`train-realtor`) and what it is done to (the batch id). */
  name: string;
  key: string;
  /** The function taking it, named in what a waiting caller is told. */
  fn: string;
  /** How long to wait for a holder to finish before answering who holds it. */
  waitMs: number;
  /** How often to try again meanwhile. */
  pollMs?: number;
}

// The holder's lock connection runs no statement after the try that took the lock, so its
// state_change is when it took it. classid/objid are the two int4 keys, as pg_locks shows them.
const HOLDER_SQL = `SELECT a.application_name AS holder, a.state_change AS since
  FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
    AND l.classid = hashtext($1)::oid AND l.objid = hashtext($2)::oid`;

async function holderOf(client: pg.Client, name: string, key: string): Promise<LeaseHolder | undefined> {
  const found = await client.query<{ holder: string; since: Date }>(HOLDER_SQL, [name, key]);
  const row = found.rows[0];
  return row ? { holder: row.holder, since: row.since.toISOString() } : undefined;
}

/**
 * Runs `work` unless the same work is running already, in this process or another replica:
 * long work that a caller may retry while the first attempt still runs (a training past the
 * HTTP timeout) is done once. A second caller waits up to `waitMs` for the holder to finish,
 * then runs `work` itself (which finds the holder's result stored and answers it); if the
 * holder is still busy, it gets who holds the lease and since when, and nothing runs.
 *
 * The lease is PostgreSQL's advisory lock on (name, key), held on a connection of its own
 * (outside the pool, as withAdvisoryLock): it goes with the connection, so a holder that
 * dies frees it at once, with no expiry to guess.
 */
export async function withLease<T>(pool: Pool, options: LeaseOptions, work: () => Promise<T>): Promise<LeaseOutcome<T>> {
  const { name, key, fn, waitMs, pollMs = 500 } = options;
  const { connectionString, connectionTimeoutMillis } = pool.options;
  // application_name is at most 63 bytes: PostgreSQL truncates a longer one.
  const client = new pg.Client({ connectionString, connectionTimeoutMillis, application_name: `${fn} ${hostname()} pid ${process.pid}`.slice(0, 63) });
  client.on('error', () => undefined);
  let taken: boolean;
  try {
    await client.connect();
    const deadline = Date.now() + waitMs;
    for (;;) {
      const tried = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS taken', [name, key]);
      taken = tried.rows[0]?.taken === true;
      if (taken || Date.now() >= deadline) break;
      await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())));
    }
    if (!taken) {
      const heldBy = await holderOf(client, name, key);
      await client.end().catch(() => undefined);
      return { ok: false, heldBy };
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    throw pgError(error, `take the lease ${name} ${key}`);
  }
  try {
    return { ok: true, value: await work() };
  } finally {
    await client.end().catch(() => undefined);
  }
}
