import { describe, expect, it } from 'vitest';
import { toTargetUnits, waterfall } from './waterfall.ts';

const values = [
  { feature: 'state', value: 'Ohio', shap: -0.2 },
  { feature: 'house_size', value: 2100, shap: 0.5 },
  { feature: 'bed', value: 3, shap: 0.05 },
  { feature: 'bath', value: 2, shap: -0.01 },
];

describe('the SHAP waterfall', () => {
  it('chains the bars from the base value, largest push first, and ends at base + sum', () => {
    const w = waterfall(12, values);
    expect(w.bars.map((b) => b.feature)).toEqual(['house_size', 'state', 'bed', 'bath']);
    expect(w.bars[0]).toMatchObject({ start: 12, end: 12.5 });
    for (let i = 1; i < w.bars.length; i++) expect(w.bars[i]?.start).toBe(w.bars[i - 1]?.end);
    expect(w.final).toBeCloseTo(12 + 0.34, 12);
    expect(w.bars.at(-1)?.end).toBe(w.final);
  });

  it('sums the smallest pushes into one bar, so the total is unchanged', () => {
    const w = waterfall(12, values, 2);
    expect(w.bars.map((b) => b.feature)).toEqual(['house_size', 'state', '']);
    expect(w.rest).toBeCloseTo(0.04, 12);
    expect(w.final).toBeCloseTo(waterfall(12, values).final, 12);
  });

  it('turns the explained output into the target units', () => {
    expect(toTargetUnits(Math.log1p(250_000), 'expm1')).toBeCloseTo(250_000, 6);
    expect(toTargetUnits(0, 'sigmoid')).toBe(0.5);
    expect(toTargetUnits(3, 'identity')).toBe(3);
  });
});
