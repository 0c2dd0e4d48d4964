import { describe, expect, it } from 'vitest';
import { realtor } from '../datasets/realtor.ts';
import { derivedFeatures } from './resolve-derived.ts';
import { loadZipLocations, zipLocationsFrom } from './zip-locations.ts';

const entry = (zip: string, latitude: number, longitude: number, country = 'US') => [zip, { zip, latitude, longitude, city: 'x', state: 'x', country }];

describe('zipLocationsFrom', () => {
  const many = Array.from({ length: 30_000 }, (_, i) => entry(String(10_000 + i), 40, -70));

  it('keeps US five-digit codes with coordinates, drops the (0, 0) placeholder and Canada', () => {
    const codes = Object.fromEntries([...many, entry('00601', 18.16, -66.72), entry('34001', 0, 0), entry('A0A', 47.5, -52.7, 'Canada'), entry('99998', 95, 0)]);
    const out = zipLocationsFrom(codes);
    if (!out.ok) throw new Error(out.error);
    expect(out.value.latitude.get('00601')).toBe(18.16);
    expect(out.value.longitude.get('00601')).toBe(-66.72);
    for (const zip of ['34001', 'A0A', '99998']) expect(out.value.latitude.has(zip)).toBe(false);
  });

  it('is an error, not empty tables, when the package has another shape', () => {
    expect(zipLocationsFrom(undefined).ok).toBe(false);
    expect(zipLocationsFrom([]).ok).toBe(false);
    const few = zipLocationsFrom(Object.fromEntries([entry('00601', 18.16, -66.72)]));
    expect(few).toEqual({ ok: false, error: 'zipcodes: only 1 usable US ZIP codes, expected at least 30000' });
  });
});

describe('loadZipLocations with the pinned package', () => {
  it("places realtor's clean ZIP codes", async () => {
    const zips = await loadZipLocations();
    if (!zips.ok) throw new Error(zips.error);
    expect(zips.value.latitude.size).toBeGreaterThan(40_000);
    const resolved = await derivedFeatures(realtor, { loadZips: async () => zips });
    if (!resolved.ok) throw new Error(resolved.error);
    const [lat, lon] = resolved.value.features;
    // Adjuntas, Puerto Rico (CLEAN restored the leading zeros of 601.0); Beverly Hills at about 34.09 degrees north.
    expect(lat!.compute({ zip_code: '00601' })).toBe(18.16);
    expect(lon!.compute({ zip_code: '00601' })).toBe(-66.72);
    expect(lat!.compute({ zip_code: '90210' })).toBeCloseTo(34.09, 2);
    expect(lat!.compute({ zip_code: '34001' })).toBeNaN();
  }, 20_000);
});
