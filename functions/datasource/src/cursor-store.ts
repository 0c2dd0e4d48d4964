import { pgError, type Pool } from '@tabular-ct/platform';

/** Where the simulator keeps the next batch of each group. */
export interface CursorStore {
  /** Hands out the group's next batch number, or undefined once all `batchCount` have been handed out. */
  claim(dataset: string, group: number, batchCount: number): Promise<number | undefined>;
  /** Starts the group over at batch 0. */
  restart(dataset: string, group: number): Promise<void>;
}

/**
 * Cursors in PostgreSQL. Claiming is one upsert: the row lock serializes concurrent calls
 * for a group, so each gets its own batch number and none is handed out twice, and a
 * restarted function continues where the last one stopped.
 */
export function pgCursorStore(pool: Pool): CursorStore {
  return {
    async claim(dataset, group, batchCount) {
      try {
        const result = await pool.query<{ batch_number: number }>(
          `INSERT INTO cursors AS c (dataset, group_number, next_batch)
           SELECT $1, $2, 1 WHERE $3::int > 0
           ON CONFLICT (dataset, group_number)
             DO UPDATE SET next_batch = c.next_batch + 1, updated_at = now() WHERE c.next_batch < $3::int
           RETURNING c.next_batch - 1 AS batch_number`,
          [dataset, group, batchCount],
        );
        return result.rows[0]?.batch_number;
      } catch (error) {
        throw pgError(error, `claim the next batch of group ${group}`);
      }
    },
    async restart(dataset, group) {
      try {
        await pool.query('DELETE FROM cursors WHERE dataset = $1 AND group_number = $2', [dataset, group]);
      } catch (error) {
        throw pgError(error, `restart group ${group}`);
      }
    },
  };
}
