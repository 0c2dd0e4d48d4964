import { describe, expect, it } from 'vitest';
import { ModelCache } from './model-cache.ts';

/** A cache of fake models that records loads and disposals. */
function tracked(capacity: number, fail: (key: string) => boolean = () => false) {
  const loads: string[] = [];
  const disposed: string[] = [];
  const cache = new ModelCache<string>(
    capacity,
    async (key) => {
      loads.push(key);
      if (fail(key)) throw new Error(`cannot load ${key}`);
      return key;
    },
    async (value) => {
      disposed.push(value);
    },
  );
  return { cache, loads, disposed };
}

describe('ModelCache', () => {
  it('loads a key once and evicts the least recently used beyond capacity', async () => {
    const { cache, loads, disposed } = tracked(2);
    const read = (k: string) => cache.use(k, async (v) => v);
    await read('a');
    await read('b');
    await read('a');
    expect(loads).toEqual(['a', 'b']);
    await read('c');
    expect(cache.keys()).toEqual(['a', 'c']);
    expect(disposed).toEqual(['b']);
    await read('b');
    expect(loads).toEqual(['a', 'b', 'c', 'b']);
  });

  it('shares one load among concurrent requests', async () => {
    const { cache, loads } = tracked(2);
    expect(await Promise.all([1, 2, 3].map(() => cache.use('a', async (v) => v)))).toEqual(['a', 'a', 'a']);
    expect(loads).toEqual(['a']);
  });

  it('disposes an evicted model only after the request using it is done', async () => {
    const { cache, disposed } = tracked(1);
    let finish: () => void = () => undefined;
    const slow = cache.use('a', (v) => new Promise<string>((resolve) => (finish = () => resolve(v))));
    await cache.use('b', async (v) => v);
    expect(disposed).toEqual([]);
    finish();
    expect(await slow).toBe('a');
    expect(disposed).toEqual(['a']);
    await cache.clear();
    expect(disposed).toEqual(['a', 'b']);
  });

  it('forgets a failed load, so the next request tries again', async () => {
    let failing = true;
    const { cache, loads } = tracked(2, () => failing);
    await expect(cache.use('a', async (v) => v)).rejects.toThrow(/cannot load a/);
    failing = false;
    expect(await cache.use('a', async (v) => v)).toBe('a');
    expect(loads).toEqual(['a', 'a']);
  });
});
