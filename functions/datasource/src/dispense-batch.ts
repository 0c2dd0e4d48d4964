import type { ApiBehaviour } from './api-behaviour.ts';
import type { GroupStateStore } from './group-state-store.ts';
import { windowSample } from './window/window-sample.ts';

/** What one training call of GET /data serves. */
interface Dispensed {
  batch: number;
  /** The call's index within its batch: always 0 in cursor mode, where a batch is served once. */
  callIndex: number;
  rows: Uint32Array;
}

/** Hands out what a group's training call serves, or undefined once its data is exhausted. */
type Dispenser = (group: number, batches: readonly Uint32Array[]) => Promise<Dispensed | undefined>;

/**
 * The configured behaviour of the course API. cursor: the group's next batch, whole.
 * window: the batch of the group's current window, a sample seeded by the call's index in it.
 */
export function batchDispenser(dataset: string, api: ApiBehaviour, store: GroupStateStore): Dispenser {
  if (api.mode === 'cursor') {
    return async (group, batches) => {
      const batch = await store.claimNext(dataset, group, batches.length);
      return batch === undefined ? undefined : { batch, callIndex: 0, rows: batches[batch] as Uint32Array };
    };
  }
  return async (group, batches) => {
    const call = await store.claimWindowCall(dataset, group, batches.length, api.windowSeconds);
    if (call === undefined) return undefined;
    const key = { seed: api.sampleSeed, dataset, group, ...call };
    return { ...call, rows: windowSample(batches[call.batch] as Uint32Array, api.sampleShare, key) };
  };
}
