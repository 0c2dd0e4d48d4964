import { AppError } from '@tabular-ct/core';
import type { PredictorMetrics } from '@tabular-ct/platform';
import { describe, expect, it } from 'vitest';
import { createModelHolder } from './model-holder.ts';
import type { ServedModel } from './served-model.ts';

// MLflow and onnxruntime are the edges here: the alias is a variable, a "model" records its release.

function setup() {
  const state = { alias: undefined as string | undefined, unreachable: false, broken: new Set<string>(), loads: [] as string[], released: [] as string[] };
  const events: string[] = [];
  const logged: Record<string, unknown>[] = [];
  const metrics: PredictorMetrics = {
    observePrediction: () => undefined,
    observeSessionRun: () => undefined,
    setColdStart: () => events.push('cold-start'),
    observeModelLoad: (version, outcome) => events.push(`load ${version} ${outcome}`),
    setServedVersion: (_name, version) => events.push(`serving ${version}`),
    setLogBacklog: () => undefined,
    countLogDropped: () => undefined,
    countLogDeadLettered: () => undefined,
  };
  const holder = createModelHolder({
    name: 'm',
    alias: 'production',
    pollSeconds: 3600,
    resolve: async () => {
      // As the MLflow client reports a refused connection.
      if (state.unreachable) throw new AppError('upstream_unavailable', 'MLflow at http://127.0.0.1:9/api/2.0/mlflow/registered-models/alias is unreachable: ECONNREFUSED');
      return state.alias;
    },
    load: async (version) => {
      state.loads.push(version);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (state.broken.has(version)) throw new AppError('upstream_error', `version ${version} is broken`);
      return { name: 'm', version, model: { release: async () => void state.released.push(version) } } as unknown as ServedModel;
    },
    metrics,
    log: (entry) => logged.push(entry),
  });
  return { state, events, logged, holder };
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

  it('names the cause of not being ready: MLflow unreachable, the alias missing, the version unreadable', async () => {
    const { state, logged, holder } = setup();
    expect(holder.notReadyMessage()).toBe('no version of m is loaded yet (alias production)');
    const causes: [string, RegExp][] = [];

    state.unreachable = true;
    await holder.check();
    causes.push(['upstream_unavailable', /cannot resolve alias production: MLflow at http:\/\/127\.0\.0\.1:9\/\S+ is unreachable: ECONNREFUSED$/]);
    state.unreachable = false;
    await holder.check();
    causes.push(['not_found', /MLflow has no version behind alias "production" of registered model "m"/]);
    state.alias = '1';
    state.broken.add('1');
    await holder.check();
    causes.push(['upstream_error', /version 1 failed to load: version 1 is broken$/]);

    const seen = logged.filter((e) => e.ready === false);
    expect(seen).toHaveLength(3);
    seen.forEach((entry, i) => {
      const [code, message] = causes[i]!;
      expect(entry).toMatchObject({ level: expect.any(String), cause: { code, message: expect.stringMatching(message) } });
      expect(entry.msg).toMatch(new RegExp(`^not ready: no version of m is loaded yet \\(alias production\\): ${code}: `));
    });
    expect(holder.notReadyMessage()).toBe('no version of m is loaded yet (alias production): upstream_error: version 1 failed to load: version 1 is broken');
    await expect(holder.use(async () => 1)).rejects.toMatchObject({ code: 'not_ready', message: expect.stringContaining('upstream_error: version 1 failed to load') });

    state.broken.delete('1');
    expect(await holder.check(true)).toMatchObject({ status: 'swapped' });
    expect(holder.notReadyMessage()).toBe('no version of m is loaded yet (alias production)');
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
