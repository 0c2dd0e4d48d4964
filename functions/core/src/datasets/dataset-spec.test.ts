import { describe, expect, it } from 'vitest';
import { datasets } from './registry.ts';

describe.each(Object.values(datasets))('the $name specification', (spec) => {
  it('has unique column names and exactly one target, the one it names', () => {
    const names = spec.columns.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(spec.columns.filter((c) => c.role === 'target').map((c) => c.name)).toEqual([spec.target.column]);
  });

  it('splits by columns it has, with shares that sum to 1', () => {
    for (const key of spec.split.groupKey) expect(spec.columns.map((c) => c.name)).toContain(key);
    const { train, validation, test } = spec.split.shares;
    expect(train + validation + test).toBeCloseTo(1, 12);
  });

  it('gives numeric bounds in order', () => {
    for (const c of spec.columns) if (c.min !== undefined && c.max !== undefined) expect(c.min).toBeLessThan(c.max);
  });

  it('names the positive class of a binary target among its allowed values', () => {
    if (spec.target.task !== 'binary') return;
    const target = spec.columns.find((c) => c.name === spec.target.column);
    for (const p of spec.target.positive ?? []) expect(target?.allowed).toContain(p);
  });
});

it('the diabetes data has the 50 columns of the UCI file, in its order', () => {
  expect(datasets.diabetes.columns).toHaveLength(50);
  expect(datasets.diabetes.columns[0]?.name).toBe('encounter_id');
  expect(datasets.diabetes.columns.at(-1)?.name).toBe('readmitted');
});

it('the realtor data has the 12 keys of the course API, in its order', () => {
  expect(datasets.realtor.columns.map((c) => c.name)).toEqual([
    'brokered_by', 'status', 'price', 'bed', 'bath', 'acre_lot', 'street', 'city', 'state', 'zip_code', 'house_size', 'prev_sold_date',
  ]);
});
