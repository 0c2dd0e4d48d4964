import { describe, expect, it } from 'vitest';
import { defaultValues, hasShippedDefaults } from './default-values.ts';
import type { FeatureMetadata } from '@tabular-ct/core';

const features: FeatureMetadata[] = [
  { name: 'bed', type: 'number', required: true, integer: true, min: 1, max: 10 },
  { name: 'house_size', type: 'number', required: false, min: 100 },
  { name: 'status', type: 'category', required: true, allowed: ['for_sale', 'sold'] },
  { name: 'city', type: 'category', required: false },
];

describe('the starting values of the form', () => {
  it('uses the typical values the version ships, per feature or in `defaults`', () => {
    const model = { features: features.map((f) => (f.name === 'bed' ? { ...f, default: 3.2 } : f)), defaults: { city: 'Columbus', status: 'sold' } };
    expect(defaultValues(model)).toEqual({ bed: '3', house_size: '100', status: 'sold', city: 'Columbus' });
    expect(hasShippedDefaults(model)).toBe(true);
  });

  it('falls back to what the rules accept when the version ships none', () => {
    const model = { features, defaults: null };
    expect(defaultValues(model)).toEqual({ bed: '6', house_size: '100', status: 'for_sale', city: '' });
    expect(hasShippedDefaults(model)).toBe(false);
  });
});
