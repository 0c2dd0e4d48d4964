import { describe, expect, it } from 'vitest';
import { summarizeBackground } from './background.ts';

describe('summarizeBackground', () => {
  const n = 1000;
  const num = Float64Array.from({ length: n }, (_, i) => (i % 10 === 0 ? NaN : i % 7));
  const cat = Array.from({ length: n }, (_, i) => (i % 13 === 0 ? null : ['p', 'q'][i % 2]!));

  it('keeps small data whole and merges identical rows into weights', () => {
    const bg = summarizeBackground([num.slice(0, 20), cat.slice(0, 20)], { size: 50 });
    expect(bg.weights!.reduce((s, w) => s + w, 0)).toBe(20);
    expect(bg.columns[0]!.length).toBeLessThan(20);
    expect(bg.columns[0]!.length).toBe(bg.weights!.length);
  });

  it('samples at most size rows of a large data set, reproducibly, with unbiased weights', () => {
    const a = summarizeBackground([num, cat], { size: 100, seed: 4 });
    const b = summarizeBackground([num, cat], { size: 100, seed: 4 });
    expect(a).toEqual(b);
    expect(a.columns[0]!.length).toBeLessThanOrEqual(100);
    expect(a.weights!.reduce((s, w) => s + w, 0)).toBe(100);
    // Rows are real rows: a NaN stays NaN, a missing category stays null.
    for (let i = 0; i < a.columns[0]!.length; i++) {
      const v = (a.columns[0] as Float64Array)[i]!;
      expect(Number.isNaN(v) || (Number.isInteger(v) && v >= 0 && v < 7)).toBe(true);
    }
  });

  it('draws in proportion to given weights', () => {
    const weights = Float64Array.from({ length: n }, (_, i) => (i < 500 ? 0 : 1));
    const bg = summarizeBackground([Float64Array.from({ length: n }, (_, i) => i)], { size: 200, weights });
    expect(Math.min(...(bg.columns[0] as Float64Array))).toBeGreaterThanOrEqual(500);
    expect(bg.weights!.reduce((s, w) => s + w, 0)).toBe(200);
  });
});
