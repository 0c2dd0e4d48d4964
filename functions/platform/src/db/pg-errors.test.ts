import { describe, expect, it } from 'vitest';
import { createPool } from './pool.ts';
import { withTransaction } from './transaction.ts';

describe('PostgreSQL unreachable', () => {
  it('fails fast with upstream_unavailable naming the cause', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const pool = createPool('postgresql://u:p@127.0.0.1:1/raw', { connectTimeoutMs: 2_000 });
    const started = Date.now();
    await expect(withTransaction(pool, 'probe', async () => undefined)).rejects.toMatchObject({
      code: 'upstream_unavailable',
      message: expect.stringMatching(/PostgreSQL unavailable \(probe\): ECONNREFUSED/),
    });
    expect(Date.now() - started).toBeLessThan(2_500);
    await pool.end();
  });
});
