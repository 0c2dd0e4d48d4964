import { describe, expect, it } from 'vitest';
import { NearestPlaces, type Place } from './nearest-places.ts';

const RAD = Math.PI / 180;
/** Great-circle distance in km (haversine), the reference the k-d tree must agree with. */
function km(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const h = Math.sin(((b.latitude - a.latitude) * RAD) / 2) ** 2 + Math.cos(a.latitude * RAD) * Math.cos(b.latitude * RAD) * Math.sin(((b.longitude - a.longitude) * RAD) / 2) ** 2;
  return 2 * 6_371 * Math.asin(Math.sqrt(h));
}

let seed = 3;
const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
// Places over the continental US and Alaska, one to four items each.
const places: Place[] = Array.from({ length: 800 }, () => {
  const count = 1 + Math.floor(rnd() * 4);
  return { latitude: 25 + rnd() * 40, longitude: -160 + rnd() * 95, count, sum: count * (11 + rnd() * 3) };
});
const index = new NearestPlaces(places);
const queries = Array.from({ length: 60 }, () => ({ latitude: 20 + rnd() * 50, longitude: -170 + rnd() * 110 }));

describe('NearestPlaces', () => {
  it('answers the mean of the k nearest items as a brute-force scan does, the last place counted in part', () => {
    for (const q of queries) {
      for (const k of [1, 5, 10, 37]) {
        const sorted = places.map((p) => ({ p, d: km(q, p) })).sort((a, b) => a.d - b.d);
        let weight = 0;
        let sum = 0;
        for (const { p } of sorted) {
          const take = Math.min(p.count, k - weight);
          sum += (take * p.sum) / p.count;
          weight += take;
          if (weight >= k) break;
        }
        expect(index.meanOfNearest(q.latitude, q.longitude, k)).toBeCloseTo(sum / weight, 10);
      }
    }
  });

  it('counts the items within a radius as a brute-force scan does', () => {
    for (const q of queries) {
      for (const radius of [10, 250, 1_000]) {
        const expected = places.filter((p) => km(q, p) <= radius).reduce((n, p) => n + p.count, 0);
        expect(index.countWithin(q.latitude, q.longitude, radius)).toBe(expected);
      }
    }
  });

  it('has nothing to say without places', () => {
    const empty = new NearestPlaces([]);
    expect(empty.meanOfNearest(40, -75, 10)).toBeNaN();
    expect(empty.countWithin(40, -75, 10)).toBe(0);
  });
});
