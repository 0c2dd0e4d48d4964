// Entry of a training worker (bundled and started by worker-code.ts and worker-pool.ts):
// attaches the training's shared memory and runs its part of every step.
import { workerData } from 'node:worker_threads';
import { lossFor } from '../gbdt/loss/loss-for.ts';
import { attachTrainBuffers } from '../gbdt/train-buffers.ts';
import type { TrainWorkerData } from '../gbdt/train-engine.ts';
import { runStep } from '../gbdt/train-steps.ts';
import { serveSteps, type PoolSeat } from './worker-pool.ts';

const data = workerData as TrainWorkerData & { seat: PoolSeat };
serveSteps(data.seat, () => {
  const buffers = attachTrainBuffers(data.layout, data.memory);
  const loss = lossFor(data.objective);
  return (args, part) => runStep(buffers, loss, args, part);
});
