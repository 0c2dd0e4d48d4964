import { describe, expect, it } from 'vitest';
import { dayNumber, dayText, distinctValue, distinctValues, relativeJitter, shiftDay } from './copy-jitter.ts';

const PRICE = { share: 0.05, minSpread: 1_000 };
const copiesOf = (value: number, band: { gt?: number; lte?: number }, copies: number, hash = 12_345): number[] => {
  const values = distinctValues(value, PRICE, band, hash);
  return Array.from({ length: copies }, (_, i) => distinctValue(values, i + 1));
};

describe('distinct values of copies', () => {
  it('gives every copy its own whole value within +-5%, never the row\'s own', () => {
    const prices = copiesOf(200_000, {}, 400);
    expect(new Set(prices).size).toBe(400);
    expect(prices).not.toContain(200_000);
    expect(prices.every((p) => Number.isInteger(p) && p >= 190_000 && p <= 210_000)).toBe(true);
  });

  it('takes every candidate once before any repeats, so the room it reports is the room there is', () => {
    const values = distinctValues(5_000, PRICE, {}, 7);
    // +-$1,000 around $5,000 (5% is only $250): 2,001 whole numbers, the row's own left out.
    expect(values.count).toBe(2_000);
    const all = Array.from({ length: values.count }, (_, i) => distinctValue(values, i + 1));
    expect(new Set(all).size).toBe(2_000);
    expect(Math.min(...all)).toBe(4_000);
    expect(Math.max(...all)).toBe(6_000);
  });

  it('spreads consecutive copies over the range rather than stepping through it', () => {
    const prices = copiesOf(200_000, {}, 10);
    const jumps = prices.slice(1).map((p, i) => Math.abs(p - (prices[i] as number)));
    expect(Math.min(...jumps)).toBeGreaterThan(1_000);
  });

  it('stays inside the band of the batch: <= $300k, over $300k, over $500k', () => {
    expect(copiesOf(299_500, { lte: 300_000 }, 300).every((p) => p <= 300_000 && p >= 284_525)).toBe(true);
    expect(copiesOf(300_100, { gt: 300_000, lte: 500_000 }, 300).every((p) => p > 300_000 && p <= 315_105)).toBe(true);
    expect(copiesOf(500_001, { gt: 500_000 }, 300).every((p) => p > 500_000)).toBe(true);
  });

  it('keeps values positive, and a cheap row still has room for every copy', () => {
    const prices = copiesOf(1, { lte: 300_000 }, 300);
    expect(new Set(prices).size).toBe(300);
    expect(prices.every((p) => p >= 2 && p <= 1_001)).toBe(true);
  });

  it('reports the room a narrow band leaves, for the caller to refuse too many copies', () => {
    expect(distinctValues(300_000, PRICE, { gt: 299_990, lte: 300_000 }, 1).count).toBe(9);
  });

  it('starts copies elsewhere for another hash: the rows of a batch do not move in step', () => {
    expect(copiesOf(200_000, {}, 5, 1)).not.toEqual(copiesOf(200_000, {}, 5, 2));
  });
});

describe('relative jitter', () => {
  it('moves a value by at most the share, rounded to the decimals', () => {
    for (const u of [0, 0.25, 0.5, 0.999_999]) {
      const size = relativeJitter(1_600, 0.05, 0, u);
      expect(Number.isInteger(size) && size >= 1_520 && size <= 1_680).toBe(true);
      const lot = relativeJitter(0.31, 0.05, 2, u);
      expect(lot).toBe(Math.round(lot * 100) / 100);
      expect(lot >= 0.29 && lot <= 0.33).toBe(true);
    }
    expect(relativeJitter(1_600, 0.05, 0, 0.5)).toBe(1_600);
  });

  it('never rounds a positive value to zero, and leaves zero at zero', () => {
    expect(relativeJitter(0.01, 0.05, 2, 0)).toBe(0.01);
    expect(relativeJitter(0.4, 0.05, 0, 0)).toBe(1);
    expect(relativeJitter(0, 0.05, 2, 0.9)).toBe(0);
  });
});

describe('dates', () => {
  it('reads YYYY-MM-DD as a day number and writes it back', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    for (const text of ['2020-02-29', '1964-09-01', '2023-05-06']) expect(dayText(dayNumber(text) as number)).toBe(text);
  });

  it('refuses a text that is no date', () => {
    for (const text of ['2023-02-29', '2023-13-01', '2023-1-01', '01/02/2023', '']) expect(dayNumber(text)).toBeUndefined();
  });

  it('moves a day by whole days within +-days, each of the 61 about equally often', () => {
    const day = dayNumber('2020-03-01') as number;
    const moves = Array.from({ length: 6_100 }, (_, i) => shiftDay(day, 30, i / 6_100) - day);
    expect(Math.min(...moves)).toBe(-30);
    expect(Math.max(...moves)).toBe(30);
    expect(moves.filter((m) => m === 0)).toHaveLength(100);
    // Across the end of February of a leap year: still real dates.
    expect(dayText(shiftDay(day, 30, 0.49))).toBe('2020-02-29');
  });
});
