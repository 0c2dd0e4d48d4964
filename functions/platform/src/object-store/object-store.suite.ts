import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ObjectStore } from './object-store.ts';

/** The behaviour every ObjectStore must have; each implementation runs this suite. */
export function describeObjectStore(name: string, makeStore: () => ObjectStore, prefix: string): void {
  describe(`${name}: the ObjectStore contract`, () => {
    const store = makeStore();
    const key = (k: string): string => `${prefix}/${k}`;

    it('creates its bucket idempotently', async () => {
      await store.ensureBucket();
      await store.ensureBucket();
    });

    it('puts and gets bytes, strings and streams', async () => {
      await store.put(key('a.bin'), new Uint8Array([0, 1, 2, 255]));
      await store.put(key('b.txt'), 'héllo');
      await store.put(key('c/d.txt'), Readable.from([Buffer.from('str'), Buffer.from('eam')]));
      expect([...(await store.get(key('a.bin')))]).toEqual([0, 1, 2, 255]);
      expect((await store.get(key('b.txt'))).toString()).toBe('héllo');
      const chunks: Buffer[] = [];
      for await (const c of await store.getStream(key('c/d.txt'))) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).toString()).toBe('stream');
    });

    it('lists by prefix in key order, with sizes', async () => {
      expect(await store.list(`${prefix}/`)).toEqual([
        { key: key('a.bin'), size: 4 },
        { key: key('b.txt'), size: 6 },
        { key: key('c/d.txt'), size: 6 },
      ]);
      expect(await store.list(key('c/'))).toEqual([{ key: key('c/d.txt'), size: 6 }]);
    });

    it('answers head with the size, or undefined for a missing key', async () => {
      expect(await store.head(key('b.txt'))).toEqual({ key: key('b.txt'), size: 6 });
      expect(await store.head(key('missing'))).toBeUndefined();
    });

    it('fails a get of a missing key with not_found', async () => {
      await expect(store.get(key('missing'))).rejects.toMatchObject({ code: 'not_found' });
      await expect(store.getStream(key('missing'))).rejects.toMatchObject({ code: 'not_found' });
    });

    it('overwrites and deletes', async () => {
      await store.put(key('b.txt'), 'new');
      expect((await store.get(key('b.txt'))).toString()).toBe('new');
      for (const o of await store.list(`${prefix}/`)) await store.delete(o.key);
      expect(await store.list(`${prefix}/`)).toEqual([]);
    });
  });
}
