import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.ts';

const take = (random: () => number, n: number): number[] => Array.from({ length: n }, random);

describe('seededRandom', () => {
  it('gives the same sequence for the same key, in [0, 1)', () => {
    const first = take(seededRandom('tabular-ct\u0000realtor'), 1000);
    expect(take(seededRandom('tabular-ct\u0000realtor'), 1000)).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('pins its first values, so a change of generator is a visible change of every sample', () => {
    expect(take(seededRandom('tabular-ct'), 3).map((x) => x.toFixed(8))).toEqual(['0.56904243', '0.58854160', '0.42649654']);
  });

  it('gives unrelated sequences for keys that differ in one character', () => {
    const a = take(seededRandom('key 0'), 100);
    const b = take(seededRandom('key 1'), 100);
    expect(a.filter((x, i) => x === b[i])).toEqual([]);
  });

  it('spreads its values evenly: every tenth of [0, 1) gets its share of 100,000 draws', () => {
    const counts = new Array<number>(10).fill(0);
    const random = seededRandom('spread');
    for (let i = 0; i < 100_000; i++) counts[Math.floor(random() * 10)]!++;
    // 10,000 expected per bin, standard deviation about 95: 500 is more than five of them.
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});
