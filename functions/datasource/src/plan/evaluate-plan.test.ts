import { batchPlan, parseWith } from '@tabular-ct/core';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { diabetesPlan } from '../plans/diabetes-plan.ts';
import { realtorPlan } from '../plans/realtor-plan.ts';
import { columnNamed, isComplete, textOf, type ColumnTable } from '../table/column-table.ts';
import { readGzipCsvTable } from '../table/read-table.ts';
import { evaluatePlan } from './evaluate-plan.ts';
import { subsetOf } from './evaluate-subsets.ts';

// The shared dataset files, as the function finds them (DATASETS_DIR, relative to the working directory).
const datasetFile = (name: string): string => path.resolve(process.env.DATASETS_DIR ?? '../shared/datasets', `${name}.csv.gz`);

const sizes = (batches: Uint32Array[]): number[] => batches.map((b) => b.length);

describe('the plans are data', () => {
  it('both plans are JSON that the plan schema accepts', () => {
    for (const plan of [realtorPlan, diabetesPlan]) {
      const copy: unknown = JSON.parse(JSON.stringify(plan));
      expect(copy).toEqual(plan);
      expect(parseWith(batchPlan, copy, 'plan').ok).toBe(true);
    }
  });

  it('a malformed plan fails before any row is read', () => {
    const table: ColumnTable = { columns: [], rowCount: 0 };
    expect(() => evaluatePlan({ ...diabetesPlan, batchRows: 0 }, table)).toThrow(/batch plan is invalid: batchRows/);
  });
});

describe('the realtor plan over the shared file', () => {
  let table: ColumnTable;
  beforeAll(async () => {
    table = await readGzipCsvTable(datasetFile('realtor'));
  });
  const value = (name: string, row: number): string | null => textOf(columnNamed(table, name), row);
  const price = (row: number): number => Number(value('price', row));

  it('makes six batches of complete rows, each row served once, none left out', () => {
    const layout = evaluatePlan(realtorPlan, table);
    expect(sizes(layout.batches)).toEqual([333, 334, 946, 23, 1310, 1476]);
    const served = layout.batches.flatMap((b) => [...b]);
    expect(new Set(served).size).toBe(served.length);
    const complete = Array.from({ length: table.rowCount }, (_, r) => r).filter((r) => isComplete(table, r));
    expect(complete).toHaveLength(4422);
    expect([...served].sort((a, b) => a - b)).toEqual(complete);
    expect(layout.notes).toContain('one state, up to $300k, any status: chose state "Kentucky" (23 rows)');
  });

  it('splits by price band and status like the course API, each batch in file order', () => {
    const layout = evaluatePlan(realtorPlan, table);
    const [b0, b1, b2, b3, b4, b5] = [0, 1, 2, 3, 4, 5].map((n) => [...(layout.batches[n] ?? [])]) as [number[], number[], number[], number[], number[], number[]];
    for (const rows of [b0, b1]) expect(rows.every((r) => value('status', r) === 'for_sale' && price(r) <= 300_000)).toBe(true);
    expect(b2.every((r) => value('status', r) !== 'for_sale' && price(r) <= 300_000)).toBe(true);
    expect(new Set(b3.map((r) => value('state', r)))).toEqual(new Set(['Kentucky']));
    expect(new Set(b3.map((r) => value('status', r))).size).toBeGreaterThan(1);
    expect(b4.every((r) => price(r) > 300_000 && price(r) <= 500_000)).toBe(true);
    expect(b5.every((r) => price(r) > 500_000)).toBe(true);
    expect([b0, b1, b2].flat().some((r) => value('state', r) === 'Kentucky')).toBe(false);
    // File order within a batch, and the first for_sale half precedes the second.
    for (const rows of [b0, b1, b2, b3, b4, b5]) expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(b0.at(-1)!).toBeLessThan(b1[0]!);
  });

  it('is deterministic: the same file gives the same batches', () => {
    expect(evaluatePlan(realtorPlan, table)).toEqual(evaluatePlan(realtorPlan, table));
  });
});

describe('the diabetes plan over the shared file', () => {
  let table: ColumnTable;
  beforeAll(async () => {
    table = await readGzipCsvTable(datasetFile('diabetes'));
  });

  it('serves the training patients in 15,000-row batches by encounter, validation and test apart', () => {
    const layout = evaluatePlan(diabetesPlan, table);
    // The shared file's numbers; the hash is stable, so they never change for this file.
    expect(sizes(layout.batches)).toEqual([15_000, 15_000, 15_000, 15_000, 4_044]);
    expect([layout.subsets.validation!.length, layout.subsets.test!.length]).toEqual([13_810, 13_673]);
    const training = layout.batches.flatMap((b) => [...b]);
    const all = [...training, ...layout.subsets.validation!, ...layout.subsets.test!];
    expect(all).toHaveLength(table.rowCount);
    expect(new Set(all).size).toBe(table.rowCount);
    // Near the 70/15/15 shares: hashing 60k patients lands within a percent of them.
    expect(training.length / table.rowCount).toBeCloseTo(0.7, 1);
    expect(layout.subsets.validation!.length / table.rowCount).toBeCloseTo(0.15, 1);

    const encounter = columnNamed(table, 'encounter_id');
    const ids = training.map((r) => Number(textOf(encounter, r)));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('never puts one patient in two subsets', () => {
    const layout = evaluatePlan(diabetesPlan, table);
    const patient = columnNamed(table, 'patient_nbr');
    const subsetOfPatient = new Map<string, string>();
    const parts: Array<[string, Iterable<number>]> = [
      ['train', layout.batches.flatMap((b) => [...b])],
      ['validation', layout.subsets.validation!],
      ['test', layout.subsets.test!],
    ];
    // Collected, then asserted once: 200,000 expect calls made this test the slowest of its file.
    const misplaced: string[] = [];
    for (const [name, rows] of parts) {
      for (const row of rows) {
        const key = textOf(patient, row)!;
        if ((subsetOfPatient.get(key) ?? name) !== name || subsetOf(diabetesPlan, key) !== name) misplaced.push(`${key} in ${name}`);
        subsetOfPatient.set(key, name);
      }
    }
    expect(misplaced).toEqual([]);
    expect(subsetOfPatient.size).toBeGreaterThan(50_000);
  });
});
