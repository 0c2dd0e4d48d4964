import { describe, expect, it } from 'vitest';
import { compareImportance, globalImportance } from './importance.ts';

describe('globalImportance', () => {
  it('is the mean |phi| per feature, most important first', () => {
    // Two rows of three features.
    const phi = Float64Array.from([1, -4, 0.5, -3, 2, 0.5]);
    expect(globalImportance(['a', 'b', 'c'], phi)).toEqual([
      { feature: 'b', importance: 3 },
      { feature: 'a', importance: 2 },
      { feature: 'c', importance: 0.5 },
    ]);
  });

  it('rejects values that are not whole rows', () => {
    expect(() => globalImportance(['a', 'b'], Float64Array.from([1, 2, 3]))).toThrow(RangeError);
  });
});

describe('compareImportance', () => {
  it('reports differences and rank changes, features of one version included', () => {
    const before = [
      { feature: 'a', importance: 3 },
      { feature: 'b', importance: 2 },
      { feature: 'old', importance: 1 },
    ];
    const after = [
      { feature: 'b', importance: 4 },
      { feature: 'a', importance: 2.5 },
      { feature: 'new', importance: 0.5 },
    ];
    const out = compareImportance(before, after);
    expect(out.map((c) => c.feature)).toEqual(['b', 'old', 'a', 'new']);
    expect(out[0]).toEqual({ feature: 'b', before: 2, after: 4, difference: 2, rankBefore: 2, rankAfter: 1, rankChange: 1 });
    expect(out[1]).toEqual({ feature: 'old', before: 1, after: 0, difference: -1, rankBefore: 3, rankAfter: null, rankChange: null });
    expect(out[2]!.rankChange).toBe(-1);
  });
});
