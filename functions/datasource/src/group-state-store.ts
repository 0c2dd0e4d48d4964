import { queryRows, type Pool } from '@tabular-ct/platform';

/** One call answered in window mode: the batch of the current window and the call's index in it, from 0. */
export interface WindowCall {
  batch: number;
  callIndex: number;
}

/** Where the simulator keeps each group's place in the batches, for both behaviours of the course API. */
export interface GroupStateStore {
  /** Cursor mode: hands out the group's next batch number, or undefined once all `batchCount` have been handed out. */
  claimNext(dataset: string, group: number, batchCount: number): Promise<number | undefined>;
  /** Window mode: the batch this call answers and its index in it, or undefined once the last batch's window has passed. */
  claimWindowCall(dataset: string, group: number, batchCount: number, windowSeconds: number): Promise<WindowCall | undefined>;
  /** Starts the group over, in both modes. */
  restart(dataset: string, group: number): Promise<void>;
}

// Window mode in one upsert. The sub-select runs under the row lock ON CONFLICT takes, so
// concurrent calls for a group are serialized and each sees the state the previous one left:
// each gets its own call index, and exactly one of them moves the batch on. The clock is read
// once, there, from the database (clock_timestamp(), not now(): now() is when the statement
// started, before it waited for the lock), so replicas measure the window alike. The window
// rule is the released code's: move on when strictly more than the window has passed. The
// batch stops at batchCount, which means exhausted, until a restart deletes the row.
const CLAIM_WINDOW_CALL = `
  INSERT INTO cursors AS c (dataset, group_number, window_batch, window_changed_at, window_calls)
  VALUES ($1, $2, LEAST(0, $3::int), clock_timestamp(), 1)
  ON CONFLICT (dataset, group_number) DO UPDATE
    SET (window_batch, window_changed_at, window_calls, updated_at) = (
      SELECT CASE WHEN s.advance THEN LEAST(COALESCE(c.window_batch + 1, 0), $3::int) ELSE c.window_batch END,
             CASE WHEN s.advance THEN t.now ELSE c.window_changed_at END,
             CASE WHEN s.advance THEN 1 WHEN c.window_batch >= $3::int THEN c.window_calls ELSE c.window_calls + 1 END,
             t.now
      FROM (SELECT clock_timestamp() AS now) AS t,
        LATERAL (SELECT c.window_batch IS NULL
                     OR (c.window_batch < $3::int AND t.now - c.window_changed_at > make_interval(secs => $4::float8)) AS advance) AS s)
  RETURNING c.window_batch AS batch, c.window_calls - 1 AS call_index`;

/**
 * Group state in PostgreSQL (table `cursors`), so a restarted or scaled-out function keeps
 * its place. Every claim is one statement whose row lock serializes concurrent calls for a
 * group. `keySuffix` is appended to the dataset key: tests keep their groups apart with it.
 */
export function pgGroupStateStore(pool: Pool, keySuffix = ''): GroupStateStore {
  return {
    async claimNext(dataset, group, batchCount) {
      const rows = await queryRows<{ batch_number: number }>(
        pool,
        `claim the next batch of group ${group}`,
        `INSERT INTO cursors AS c (dataset, group_number, next_batch)
         SELECT $1, $2, 1 WHERE $3::int > 0
         ON CONFLICT (dataset, group_number)
           DO UPDATE SET next_batch = c.next_batch + 1, updated_at = now() WHERE c.next_batch < $3::int
         RETURNING c.next_batch - 1 AS batch_number`,
        [dataset + keySuffix, group, batchCount],
      );
      return rows[0]?.batch_number;
    },
    async claimWindowCall(dataset, group, batchCount, windowSeconds) {
      const where = `claim a window call of group ${group}`;
      const [row] = await queryRows<{ batch: number; call_index: number }>(pool, where, CLAIM_WINDOW_CALL, [dataset + keySuffix, group, batchCount, windowSeconds]);
      return row === undefined || row.batch >= batchCount ? undefined : { batch: row.batch, callIndex: row.call_index };
    },
    async restart(dataset, group) {
      await queryRows(pool, `restart group ${group}`, 'DELETE FROM cursors WHERE dataset = $1 AND group_number = $2', [dataset + keySuffix, group]);
    },
  };
}
