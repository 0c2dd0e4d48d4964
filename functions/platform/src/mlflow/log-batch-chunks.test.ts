import { describe, expect, it } from 'vitest';
import { chunkLogBatch, logBatchLimits } from './log-batch-chunks.ts';

const params = (n: number, valueLength = 1) => Array.from({ length: n }, (_, i) => ({ key: `p${i}`, value: 'x'.repeat(valueLength) }));
const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `t${i}`, value: 'v' }));
const metrics = (n: number) => Array.from({ length: n }, (_, i) => ({ key: 'loss', value: i, timestamp: 0, step: i }));

describe('chunkLogBatch', () => {
  it('keeps a small batch in one request', () => {
    const chunks = chunkLogBatch({ metrics: metrics(3), params: params(2), tags: tags(1) });
    expect(chunks).toHaveLength(1);
  });

  it('logs nothing for an empty batch', () => {
    expect(chunkLogBatch({ metrics: [], params: [], tags: [] })).toEqual([]);
  });

  it('respects every count limit and keeps every entity once, in order', () => {
    const all = { metrics: metrics(2_500), params: params(250), tags: tags(120) };
    const chunks = chunkLogBatch(all);
    for (const c of chunks) {
      expect(c.metrics.length).toBeLessThanOrEqual(logBatchLimits.metrics);
      expect(c.params.length).toBeLessThanOrEqual(logBatchLimits.params);
      expect(c.tags.length).toBeLessThanOrEqual(logBatchLimits.tags);
      expect(c.metrics.length + c.params.length + c.tags.length).toBeLessThanOrEqual(logBatchLimits.entities);
    }
    expect(chunks.flatMap((c) => c.metrics)).toEqual(all.metrics);
    expect(chunks.flatMap((c) => c.params)).toEqual(all.params);
    expect(chunks.flatMap((c) => c.tags)).toEqual(all.tags);
  });

  it('keeps each request under 1 MB of JSON when values are long', () => {
    // 100 params of 6000 characters and 100 tags of 8000 fit the count limits but not 1 MB.
    const chunks = chunkLogBatch({ metrics: [], params: params(100, 6_000), tags: Array.from({ length: 100 }, (_, i) => ({ key: `t${i}`, value: 'y'.repeat(8_000) })) });
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(Buffer.byteLength(JSON.stringify({ run_id: 'a'.repeat(32), ...c }))).toBeLessThan(1_000_000);
  });
});
