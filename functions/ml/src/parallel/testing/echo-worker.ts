// A worker for worker-pool.test.ts: part p of a step writes args[0] * 10 + p into
// args[8 + p]; step 13 throws; workerData.failSetup makes the set-up throw.
import { workerData } from 'node:worker_threads';
import type { PoolSeat } from '../worker-pool.ts';
import { serveSteps } from '../worker-pool.ts';

const data = workerData as { seat: PoolSeat; failSetup?: boolean };
serveSteps(data.seat, () => {
  if (data.failSetup) throw new Error('set-up failed on purpose');
  return (args, part) => {
    if (args[0] === 13) throw new Error(`step 13 failed on purpose in part ${part}`);
    args[8 + part] = args[0]! * 10 + part;
  };
});
