import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { withAdvisoryLock } from './advisory-lock.ts';
import { createPool } from './pool.ts';

describe('withAdvisoryLock on the local PostgreSQL', () => {
  // A pool of one: the holder's work must still get a connection while others wait for the lock.
  const pool = createPool(loadConfig(inject('stackEnv'), ['database']).database.cleanUrl, { max: 1 });
  afterAll(() => pool.end());
  const name = `lock-test-${process.pid}`;

  it('runs the work of one name and key one after another, the work using the pool meanwhile', async () => {
    const events: string[] = [];
    const job = (label: string) =>
      withAdvisoryLock(pool, name, 1, async () => {
        events.push(`${label} start`);
        await pool.query('SELECT pg_sleep(0.1)');
        events.push(`${label} end`);
        return label;
      });
    expect(await Promise.all([job('a'), job('b'), job('c')])).toEqual(['a', 'b', 'c']);
    expect(events).toHaveLength(6);
    for (let i = 0; i < 6; i += 2) expect(events[i + 1]).toBe(events[i]?.replace('start', 'end'));
  });

  it('lets other keys run at once, and frees the lock when the work fails', async () => {
    const held = withAdvisoryLock(pool, name, 2, () => sleep(300));
    const started = Date.now();
    await withAdvisoryLock(pool, name, 3, async () => undefined);
    expect(Date.now() - started).toBeLessThan(250);
    await held;
    await expect(withAdvisoryLock(pool, name, 2, async () => Promise.reject(new Error('work failed')))).rejects.toThrow('work failed');
    expect(await withAdvisoryLock(pool, name, 2, async () => 'free again')).toBe('free again');
  });
});
