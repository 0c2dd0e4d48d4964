import { describe, expect, it } from 'vitest';
import { bundleWorker } from './worker-code.ts';
import { WorkerPool } from './worker-pool.ts';

const code = bundleWorker(new URL('./testing/echo-worker.ts', import.meta.url));

describe('the training worker pool', () => {
  it('runs every part of a step on its own worker and waits for all of them', async () => {
    const pool = new WorkerPool(3, code, {});
    try {
      for (const step of [4, 7]) {
        pool.args[0] = step;
        pool.begin();
        pool.finish();
        expect([pool.args[9], pool.args[10], pool.args[11]]).toEqual([step * 10 + 1, step * 10 + 2, step * 10 + 3]);
      }
    } finally {
      await pool.close();
    }
  });

  it("rethrows a worker's error on the main thread, and the workers still exit", async () => {
    const pool = new WorkerPool(2, code, {});
    pool.args[0] = 13;
    pool.begin();
    expect(() => pool.finish()).toThrow(/step 13 failed on purpose/);
    await pool.close();
    expect(() => pool.begin()).toThrow(/closed/);
  });

  it('reports a worker that fails to set up at the first step', async () => {
    const pool = new WorkerPool(1, code, { failSetup: true });
    expect(() => pool.begin()).toThrow(/set-up failed on purpose/);
    await pool.close();
  });
});
