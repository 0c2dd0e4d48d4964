import { describe, expect, it } from 'vitest';
import { columnDrift, datasetDrift, type ColumnDriftResult } from './column-drift.ts';
import { selectTest } from './select-test.ts';

const numeric = (reference: number[], current: number[]) => ({
  column: 'x',
  kind: 'numeric' as const,
  reference: Float64Array.from(reference),
  current: Float64Array.from(current),
});
const categorical = (reference: (string | null)[], current: (string | null)[]) => ({ column: 'c', kind: 'categorical' as const, reference, current });
const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

function expectNoNaN(result: ColumnDriftResult): void {
  for (const value of Object.values(result)) if (typeof value === 'number') expect(Number.isNaN(value)).toBe(false);
}

describe('columnDrift edge cases', () => {
  it('reports an empty or all-missing sample as untested and not drifted', () => {
    expect(columnDrift(numeric([1, 2, 3], []))).toEqual({ column: 'x', kind: 'numeric', test: null, untested: 'current is empty', drifted: false });
    expect(columnDrift(numeric([NaN, NaN], [1, 2]))).toMatchObject({ test: null, untested: 'reference is empty', drifted: false });
    expect(columnDrift(categorical([null, null], ['a']))).toMatchObject({ test: null, untested: 'reference is empty' });
  });

  it('drops NaN and infinities before testing, as Evidently does', () => {
    const withMissing = columnDrift(numeric([1, NaN, 2, Infinity, 3, 4, 5, 6, -Infinity], [1, 2, 3, 4, 5, 6, NaN]));
    const clean = columnDrift(numeric([1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6]));
    expect(withMissing).toEqual(clean);
    expect(clean).toMatchObject({ test: 'ks', statistic: 0, p_value: 1, drifted: false });
  });

  it('treats one shared constant as no drift (Z-test, p = 1)', () => {
    const result = columnDrift(numeric(range(50, () => 5), range(40, () => 5)));
    expect(result).toMatchObject({ test: 'z', p_value: 1, drifted: false });
    expectNoNaN(result);
    expect(columnDrift(categorical(['a', 'a'], ['a']))).toMatchObject({ test: 'z', p_value: 1, drifted: false });
  });

  it('flags a constant that moved', () => {
    const result = columnDrift(numeric(range(50, () => 5), range(40, () => 6)));
    expect(result).toMatchObject({ test: 'z', drifted: true });
    expectNoNaN(result);
  });

  it('normalizes Wasserstein of a constant reference by the 0.001 floor', () => {
    const result = columnDrift(numeric(range(2000, () => 5), range(1000, (i) => 5 + (i % 10))), 'wasserstein');
    expect(result).toMatchObject({ test: 'wasserstein', drifted: true });
    if (result.test !== null) expect(result.statistic).toBeCloseTo(4.5 / 0.001, 6);
  });

  it('gives a new category an infinite chi-square and p = 0', () => {
    const result = columnDrift(categorical(['a', 'b', 'c', 'a', 'b', 'c'], ['a', 'b', 'c', 'd']));
    expect(result).toMatchObject({ test: 'chisquare', statistic: Infinity, p_value: 0, drifted: true });
  });

  it('answers p = 1 for chi-square over a single category (scipy: NaN)', () => {
    expect(columnDrift(categorical(['a', 'a'], ['a']), 'chisquare')).toMatchObject({ statistic: 0, p_value: 1, drifted: false });
  });

  it('finds no PSI or Jensen-Shannon drift between identical samples', () => {
    const values = range(3000, (i) => Math.sin(i) * 10);
    expect(columnDrift(numeric(values, values), 'psi')).toMatchObject({ statistic: 0, drifted: false });
    expect(columnDrift(numeric(values, values), 'jensenshannon')).toMatchObject({ statistic: 0, drifted: false });
  });

  it('refuses a numeric-only test on a categorical column', () => {
    expect(() => columnDrift(categorical(['a'], ['b']), 'ks')).toThrow(/numeric/);
  });
});

describe('selectTest', () => {
  it.each([
    ['numeric', 1000, 6, 'ks'],
    ['numeric', 1000, 5, 'chisquare'],
    ['numeric', 1000, 2, 'z'],
    ['numeric', 1001, 6, 'wasserstein'],
    ['numeric', 1001, 5, 'jensenshannon'],
    ['categorical', 1000, 3, 'chisquare'],
    ['categorical', 1000, 2, 'z'],
    ['categorical', 1000, 1, 'z'],
    ['categorical', 1001, 2, 'jensenshannon'],
    ['categorical', 5000, 40, 'jensenshannon'],
  ] as const)('%s, %d reference rows, %d distinct values: %s', (kind, rows, distinct, expected) => {
    expect(selectTest(kind, rows, distinct)).toBe(expected);
  });
});

describe('datasetDrift', () => {
  const column = (drifted: boolean): ColumnDriftResult => ({ column: 'x', kind: 'numeric', test: 'ks', statistic: 0.1, p_value: drifted ? 0.01 : 0.5, threshold: 0.05, drifted });
  const untested: ColumnDriftResult = { column: 'y', kind: 'numeric', test: null, untested: 'current is empty', drifted: false };

  it('drifts when at least half of the tested columns drift', () => {
    expect(datasetDrift([column(true), column(false)])).toEqual({ drifted_share: 0.5, threshold: 0.5, drifted: true });
    expect(datasetDrift([column(true), column(false), column(false)])).toMatchObject({ drifted: false });
  });

  it('leaves untested columns out of the share', () => {
    expect(datasetDrift([column(true), column(false), untested])).toMatchObject({ drifted_share: 0.5, drifted: true });
  });

  it('does not drift when nothing could be tested', () => {
    expect(datasetDrift([untested])).toEqual({ drifted_share: 0, threshold: 0.5, drifted: false });
    expect(datasetDrift([])).toEqual({ drifted_share: 0, threshold: 0.5, drifted: false });
  });
});
