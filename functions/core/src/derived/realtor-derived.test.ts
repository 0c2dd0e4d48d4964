import { describe, expect, it } from 'vitest';
import { realtorDerivedFeatures } from './realtor-derived.ts';

const zips = { latitude: new Map([['00601', 18.16]]), longitude: new Map([['00601', -66.72]]) };
const byName = Object.fromEntries(realtorDerivedFeatures(zips).map((f) => [f.name, f]));

describe('realtorDerivedFeatures', () => {
  it('reads inputs only, never the price', () => {
    for (const f of Object.values(byName)) expect(f.sources).not.toContain('price');
  });

  it('places a ZIP code and computes the valuer ratios', () => {
    const row = { zip_code: '00601', bed: 4, bath: 2, house_size: 2_000, acre_lot: 0.25 };
    expect(byName.zip_latitude!.compute(row)).toBe(18.16);
    expect(byName.zip_longitude!.compute(row)).toBe(-66.72);
    expect(byName.bath_per_bed!.compute(row)).toBe(0.5);
    expect(byName.sqft_per_bed!.compute(row)).toBe(500);
    // A quarter acre is 10,890 square feet on a 2,000 square-foot house.
    expect(byName.lot_to_floor!.compute(row)).toBeCloseTo(5.445, 12);
  });

  it('leaves a ratio missing for a studio (no bedroom) rather than infinite', () => {
    expect(byName.bath_per_bed!.compute({ bed: 0, bath: 1 })).toBeNaN();
    expect(byName.sqft_per_bed!.compute({ bed: 0, house_size: 400 })).toBeNaN();
  });
});
