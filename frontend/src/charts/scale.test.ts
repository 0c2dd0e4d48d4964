import { describe, expect, it } from 'vitest';
import { extent, linearScale, niceTicks } from './scale.ts';

describe('chart scales', () => {
  it('maps a domain linearly onto pixels, a flat domain to the middle', () => {
    expect(linearScale([0, 10], [100, 200])(2.5)).toBe(125);
    expect(linearScale([5, 5], [0, 10])(5)).toBe(5);
  });

  it('picks round ticks inside the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(12.3, 13.1, 4)).toEqual([12.4, 12.6, 12.8, 13]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });

  it('finds the extent of finite values', () => {
    expect(extent([3, -1, NaN], [10])).toEqual([-1, 10]);
    expect(extent([])).toEqual([0, 1]);
  });
});
