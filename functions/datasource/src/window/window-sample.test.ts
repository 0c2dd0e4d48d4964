import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.ts';
import { sampleRows, sampleSize, windowSample, type SampleKey } from './window-sample.ts';

// Row indices as a plan hands them out: not 0..n-1, so a test sees rows taken from the batch, not positions.
const batch = (n: number, offset = 1000): Uint32Array => Uint32Array.from({ length: n }, (_, i) => offset + 3 * i);
const key: SampleKey = { seed: 'tabular-ct', dataset: 'realtor', group: 1, batch: 0, callIndex: 0 };

describe('sampleSize', () => {
  it('is max(1, round(share x rows)), halves up, and nothing from an empty batch', () => {
    expect([333, 334, 946, 23, 1310, 1476].map((n) => sampleSize(n, 0.1))).toEqual([33, 33, 95, 2, 131, 148]);
    expect(sampleSize(15_000, 0.1)).toBe(1500);
    expect(sampleSize(5, 0.1)).toBe(1);
    expect(sampleSize(1, 0.01)).toBe(1);
    expect(sampleSize(5, 0.5)).toBe(3);
    expect(sampleSize(333, 1)).toBe(333);
    expect(sampleSize(0, 0.1)).toBe(0);
  });
});

describe('sampleRows', () => {
  it('draws the asked number of rows of the batch, none twice', () => {
    const rows = batch(500);
    const members = new Set(rows);
    for (const size of [0, 1, 50, 499, 500]) {
      const sample = sampleRows(rows, size, seededRandom(`size ${size}`));
      expect(sample).toHaveLength(size);
      expect(new Set(sample).size).toBe(size);
      expect([...sample].every((row) => members.has(row))).toBe(true);
    }
  });

  it('leaves the batch it draws from as it was', () => {
    const rows = batch(100);
    const before = [...rows];
    sampleRows(rows, 60, seededRandom('untouched'));
    expect([...rows]).toEqual(before);
  });

  it('gives every row the same chance: each of 20 rows lands in about half of 4,000 samples of 10', () => {
    const rows = batch(20);
    const hits = new Map<number, number>();
    const random = seededRandom('uniform');
    for (let i = 0; i < 4000; i++) for (const row of sampleRows(rows, 10, random)) hits.set(row, (hits.get(row) ?? 0) + 1);
    // 2,000 expected per row, standard deviation about 32 (hypergeometric): 200 is six of them.
    for (const row of rows) expect(Math.abs((hits.get(row) ?? 0) - 2000)).toBeLessThan(200);
  });
});

describe('windowSample', () => {
  it('answers the same rows, in the same order, for the same key', () => {
    const rows = batch(333);
    expect([...windowSample(rows, 0.1, key)]).toEqual([...windowSample(rows, 0.1, { ...key })]);
  });

  it('draws anew for each call of a window, and for each seed, dataset, group and batch', () => {
    const rows = batch(333);
    const first = [...windowSample(rows, 0.1, key)].join();
    const others = [{ callIndex: 1 }, { callIndex: 2 }, { seed: 'other' }, { dataset: 'diabetes' }, { group: 2 }, { batch: 1 }].map((change) =>
      [...windowSample(rows, 0.1, { ...key, ...change })].join(),
    );
    expect(new Set([first, ...others]).size).toBe(1 + others.length);
  });

  it('overlaps between calls of a window, as the course API\'s samples do', () => {
    const rows = batch(333);
    // 200 + 200 of 333 rows: two samples must share at least 67 rows.
    const a = new Set(windowSample(rows, 0.6, key));
    const b = windowSample(rows, 0.6, { ...key, callIndex: 1 });
    const shared = [...b].filter((row) => a.has(row)).length;
    expect([a.size, b.length]).toEqual([200, 200]);
    expect(shared).toBeGreaterThanOrEqual(67);
    expect(shared).toBeLessThan(200);
  });

  it('answers the documented size of every realtor batch, and nothing from an empty batch', () => {
    expect([333, 334, 946, 23, 1310, 1476].map((n, b) => windowSample(batch(n), 0.1, { ...key, batch: b }).length)).toEqual([33, 33, 95, 2, 131, 148]);
    expect(windowSample(new Uint32Array(0), 0.1, key)).toHaveLength(0);
  });
});
