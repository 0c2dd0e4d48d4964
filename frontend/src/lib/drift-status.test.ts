import { describe, expect, it } from 'vitest';
import { comparedValue, driftLight } from './drift-status.ts';

describe('the traffic light of a drift row', () => {
  it('is red when drifted and grey when untested', () => {
    expect(driftLight({ drifted: true, statistic: 0.3, threshold: 0.1, test: 'wasserstein' })).toBe('red');
    expect(driftLight({ drifted: false, statistic: null, threshold: 0.1, test: 'untested' })).toBe('grey');
  });

  it('is amber near the threshold of a distance, green below', () => {
    expect(driftLight({ drifted: false, statistic: 0.08, threshold: 0.1, test: 'wasserstein' })).toBe('amber');
    expect(driftLight({ drifted: false, statistic: 0.02, threshold: 0.1, test: 'wasserstein' })).toBe('green');
  });

  it('reads the p-value of a test that has one: amber within twice the level', () => {
    expect(driftLight({ drifted: false, statistic: 0.2, p_value: 0.08, threshold: 0.05, test: 'ks' })).toBe('amber');
    expect(driftLight({ drifted: false, statistic: 0.2, p_value: 0.5, threshold: 0.05, test: 'ks' })).toBe('green');
    expect(comparedValue({ statistic: 0.2, p_value: 0.5 })).toBe(0.5);
    expect(comparedValue({ statistic: 0.2 })).toBe(0.2);
  });
});
