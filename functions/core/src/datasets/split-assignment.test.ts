import { describe, expect, it } from 'vitest';
import type { CleanRow } from './clean-row.ts';
import { diabetes } from './diabetes.ts';
import { assignSplit, hash53 } from './split-assignment.ts';

describe('hash53', () => {
  it('is stable: these values are part of every stored split', () => {
    expect(hash53('')).toBe(3338908027751811);
    expect(hash53('patient 8222157')).toBe(hash53('patient 8222157'));
    expect(hash53('a')).not.toBe(hash53('b'));
  });
});

describe('assignSplit', () => {
  const row = (patient: number, encounter: number): CleanRow => ({ values: { patient_nbr: String(patient), encounter_id: String(encounter) }, target: 0 });

  it('puts every encounter of a patient in the same split', () => {
    for (let p = 0; p < 200; p++) expect(new Set([1, 2, 3].map((e) => assignSplit(diabetes, row(p, p * 10 + e)))).size).toBe(1);
  });

  it('follows the shares of the specification within sampling error', () => {
    const n = 20_000;
    const counts = { train: 0, validation: 0, test: 0 };
    for (let p = 0; p < n; p++) counts[assignSplit(diabetes, row(p, p))]++;
    // Binomial standard error at n = 20,000 is about 0.003; 0.015 is five of them.
    expect(counts.train / n).toBeCloseTo(0.7, 1);
    expect(Math.abs(counts.validation / n - 0.15)).toBeLessThan(0.015);
    expect(Math.abs(counts.test / n - 0.15)).toBeLessThan(0.015);
  });
});
