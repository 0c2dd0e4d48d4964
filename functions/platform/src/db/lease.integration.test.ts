import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { withLease } from './lease.ts';
import { createPool } from './pool.ts';

describe('withLease on the local PostgreSQL', () => {
  const pool = createPool(loadConfig(inject('stackEnv'), ['database']).database.cleanUrl, { max: 1 });
  afterAll(() => pool.end());
  const name = `lease-test-${process.pid}`;

  it('tells a second caller who holds the lease and since when, and runs nothing for it', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const before = Date.now();
    const first = withLease(pool, { name, key: 'batch-a', fn: 'train', waitMs: 0 }, async () => {
      await gate;
      return 'first';
    });
    await sleep(200);
    let ran = false;
    const second = await withLease(pool, { name, key: 'batch-a', fn: 'train', waitMs: 300, pollMs: 50 }, async () => (ran = true));
    expect(ran).toBe(false);
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.heldBy?.holder).toMatch(new RegExp(`^train .+ pid ${process.pid}$`));
    const since = Date.parse(second.heldBy?.since ?? '');
    expect(since).toBeGreaterThanOrEqual(before - 1_000);
    expect(since).toBeLessThanOrEqual(Date.now());
    release();
    expect(await first).toEqual({ ok: true, value: 'first' });
  });

  it('runs a waiting caller once the holder is done, and frees the lease when the work fails', async () => {
    const first = withLease(pool, { name, key: 'batch-b', fn: 'train', waitMs: 0 }, async () => {
      await sleep(300);
      return 'first';
    });
    await sleep(100);
    const second = withLease(pool, { name, key: 'batch-b', fn: 'train', waitMs: 5_000, pollMs: 50 }, async () => 'second');
    expect(await Promise.all([first, second])).toEqual([{ ok: true, value: 'first' }, { ok: true, value: 'second' }]);
    await expect(withLease(pool, { name, key: 'batch-b', fn: 'train', waitMs: 0 }, () => Promise.reject(new Error('work failed')))).rejects.toThrow('work failed');
    expect(await withLease(pool, { name, key: 'batch-b', fn: 'train', waitMs: 0 }, async () => 'free again')).toEqual({ ok: true, value: 'free again' });
    // Another key is another lease: it runs while one is held.
    const held = withLease(pool, { name, key: 'batch-c', fn: 'train', waitMs: 0 }, () => sleep(300));
    await sleep(50);
    expect(await withLease(pool, { name, key: 'batch-d', fn: 'train', waitMs: 0 }, async () => 'other key')).toEqual({ ok: true, value: 'other key' });
    await held;
  });
});
