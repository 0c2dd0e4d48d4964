import { AppError } from '@tabular-ct/core';
import type { PredictorMetrics } from '@tabular-ct/platform';
import { describe, expect, it } from 'vitest';
import { createModelHolder } from './model-holder.ts';
import type { ServedModel } from './served-model.ts';

// MLflow and onnxruntime are the edges here: the alias is a variable, a "model" records its release.

function setup() {
  const state = { alias: undefined as string | undefined, broken: new Set<string>(), loads: [] as string[], released: [] as string[] };
  const events: string[] = [];
  const metrics: PredictorMetrics = {
    observePrediction: () => undefined,
    observeSessionRun: () => undefined,
    setColdStart: () => events.push('cold-start'),
    observeModelLoad: (version, outcome) => events.push(`load ${version} ${outcome}`),
    setServedVersion: (_name, version) => events.push(`serving ${version}`),
    setLogBacklog: () => undefined,
    countLogDropped: () => undefined,
  };
  const holder = createModelHolder({
    name: 'm',
    alias: 'production',
    pollSeconds: 3600,
    resolve: async () => state.alias,
    load: async (version) => {
      state.loads.push(version);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (state.broken.has(version)) throw new AppError('upstream_error', `version ${version} is broken`);
      return { name: 'm', version, model: { release: async () => void state.released.push(version) } } as unknown as ServedModel;
    },
    metrics,
    log: () => undefined,
  });
  return { state, events, holder };
}

describe('createModelHolder', () => {
  it('is not ready while the alias points nowhere, then serves the version it names', async () => {
    const { state, events, holder } = setup();
    expect(await holder.check()).toMatchObject({ status: 'no_alias' });
    expect(holder.ready()).toBe(false);
    await expect(holder.use(async () => 1)).rejects.toMatchObject({ code: 'not_ready' });
    state.alias = '1';
    expect(await holder.start()).toEqual({ status: 'swapped', served: '1', alias_version: '1' });
    expect(await holder.use(async (s) => s.version)).toBe('1');
    expect(events).toEqual(['load 1 ok', 'serving 1', 'cold-start']);
    expect(await holder.check()).toMatchObject({ status: 'unchanged', served: '1' });
    await holder.stop();
    expect(state.released).toEqual(['1']);
  });

  it('keeps serving the old version when the new one fails, retries it only when asked', async () => {
    const { state, events, holder } = setup();
    state.alias = '1';
    await holder.check();
    state.alias = '2';
    state.broken.add('2');
    expect(await holder.check()).toMatchObject({ status: 'failed', served: '1', alias_version: '2' });
    expect(await holder.check()).toMatchObject({ status: 'failed', served: '1' });
    expect(state.loads).toEqual(['1', '2']);
    expect(await holder.use(async (s) => s.version)).toBe('1');
    state.broken.delete('2');
    expect(await holder.check(true)).toMatchObject({ status: 'swapped', served: '2', previous: '1' });
    expect(events).toContain('load 2 failed');
    expect(state.released).toEqual(['1']);
    await holder.stop();
  });

  it('releases a replaced version only after its last request', async () => {
    const { state, holder } = setup();
    state.alias = '1';
    await holder.check();
    let finish = () => undefined as void;
    const inFlight = holder.use((s) => new Promise<string>((resolve) => (finish = () => resolve(s.version))));
    state.alias = '2';
    await holder.check();
    expect(await holder.use(async (s) => s.version)).toBe('2');
    expect(state.released).toEqual([]);
    finish();
    expect(await inFlight).toBe('1');
    expect(state.released).toEqual(['1']);
    await holder.stop();
  });

  it('joins concurrent checks into one load', async () => {
    const { state, holder } = setup();
    state.alias = '1';
    const [a, b] = await Promise.all([holder.check(), holder.check(true)]);
    expect(a).toEqual(b);
    expect(state.loads).toEqual(['1']);
    await holder.stop();
  });
});
