import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { describeObjectStore } from './object-store.suite.ts';
import { createS3ObjectStore } from './s3-object-store.ts';

const store = () => createS3ObjectStore(loadConfig(inject('stackEnv'), ['objectStore']).objectStore);

describeObjectStore('S3 (the stack\'s server)', store, `test/suite-${process.pid}-${Date.now()}`);

const MB = 1024 * 1024;

/** Deterministic pseudo-random bytes, produced chunk by chunk so the test never holds them whole. */
function generated(totalBytes: number, hash: ReturnType<typeof createHash>): Readable {
  let produced = 0;
  let state = 0x9e3779b9;
  return new Readable({
    read() {
      if (produced >= totalBytes) return void this.push(null);
      const chunk = Buffer.allocUnsafe(Math.min(MB, totalBytes - produced));
      for (let i = 0; i < chunk.length; i += 4) {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        chunk.writeUInt32LE(state, i);
      }
      hash.update(chunk);
      produced += chunk.length;
      this.push(chunk);
    },
  });
}

describe('S3 object store with a large object', () => {
  it('streams 200 MB up and down with memory far below the object size', async () => {
    const s3 = store();
    const key = `test/large-${process.pid}-${Date.now()}.bin`;
    const size = 200 * MB;
    // Garbage is collected before every sample (the project runs with --expose-gc), so the
    // peak is memory held by the transfer, not buffers that V8 has not collected yet.
    const collect = (): void => (globalThis as { gc?: () => void }).gc?.();
    // Held memory is the JavaScript heap plus the buffers outside it; resident memory also
    // counts what the allocator keeps after a free, so it is reported and bounded loosely.
    const held = (): number => {
      const m = process.memoryUsage();
      return m.heapUsed + m.external;
    };
    collect();
    const baseline = { held: held(), rss: process.memoryUsage().rss };
    const peak = { ...baseline };
    const sampler = setInterval(() => {
      collect();
      peak.held = Math.max(peak.held, held());
      peak.rss = Math.max(peak.rss, process.memoryUsage().rss);
    }, 25);
    try {
      const sent = createHash('sha256');
      await s3.put(key, generated(size, sent), { contentType: 'application/octet-stream' });
      expect(await s3.head(key)).toEqual({ key, size });

      const received = createHash('sha256');
      let bytes = 0;
      for await (const chunk of await s3.getStream(key)) {
        received.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
      }
      expect(bytes).toBe(size);
      expect(received.digest('hex')).toBe(sent.digest('hex'));
    } finally {
      clearInterval(sampler);
      await s3.delete(key);
    }
    const heldMb = (peak.held - baseline.held) / MB;
    const rssMb = (peak.rss - baseline.rss) / MB;
    console.log(`200 MB through the object store: held memory grew by ${heldMb.toFixed(1)} MB, resident by ${rssMb.toFixed(1)} MB at most`);
    // Multipart upload holds two 5 MB parts in flight and one filling; downloads stream.
    // 64 MB leaves room for the SDK's and sockets' buffers while staying far below 200 MB.
    expect(heldMb).toBeLessThan(64);
    expect(rssMb).toBeLessThan(100);
  });

  it('fails fast with upstream_unavailable when the server cannot be reached', async () => {
    const config = { ...loadConfig(inject('stackEnv'), ['objectStore']).objectStore, endpoint: 'http://127.0.0.1:1', timeoutMs: 2_000 };
    const started = Date.now();
    await expect(createS3ObjectStore(config).head('x')).rejects.toMatchObject({ code: 'upstream_unavailable' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
