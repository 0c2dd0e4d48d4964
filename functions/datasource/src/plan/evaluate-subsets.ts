import { hash53, type DataSubset, type SubsetsPlan } from '@tabular-ct/core';
import { columnNamed, textOf, type ColumnTable } from '../table/column-table.ts';
import type { BatchLayout } from './batch-layout.ts';

const TWO_POW_53 = 2 ** 53;

/** The subset of one group key: a stable hash, so a patient never moves between subsets. */
export function subsetOf(plan: SubsetsPlan, key: string): DataSubset {
  const u = hash53(`${plan.salt}\u0000${key}`) / TWO_POW_53;
  const { train, validation } = plan.shares;
  return u < train ? 'train' : u < train + validation ? 'validation' : 'test';
}

/**
 * Runs a subsets plan: hashes each row's group into train, validation or test, orders
 * every subset by `orderBy` (ties keep file order), and cuts the training rows into
 * batches of `batchRows`; the last batch holds what remains.
 */
export function evaluateSubsets(plan: SubsetsPlan, table: ColumnTable): BatchLayout {
  const { train, validation, test } = plan.shares;
  // Shares are written as decimals: allow for their rounding, not for a real gap.
  if (Math.abs(train + validation + test - 1) > 1e-9) throw new Error(`plan shares sum to ${train + validation + test}, not 1`);
  const group = columnNamed(table, plan.groupBy);
  const order = columnNamed(table, plan.orderBy);
  if (order.kind !== 'number') throw new Error(`plan orders by "${order.name}", which is not numeric`);

  const rows: Record<DataSubset, number[]> = { train: [], validation: [], test: [] };
  for (let row = 0; row < table.rowCount; row++) {
    const key = textOf(group, row);
    if (key === null) throw new Error(`row ${row + 1} has no ${plan.groupBy}: it cannot be given a subset`);
    rows[subsetOf(plan, key)].push(row);
  }
  const byOrder = (a: number, b: number): number => (order.values[a] as number) - (order.values[b] as number) || a - b;
  for (const list of Object.values(rows)) list.sort(byOrder);

  const batches: Uint32Array[] = [];
  const labels: string[] = [];
  for (let start = 0; start < rows.train.length; start += plan.batchRows) {
    const part = rows.train.slice(start, start + plan.batchRows);
    batches.push(Uint32Array.from(part));
    labels.push(`training rows ${start + 1}-${start + part.length} by ${plan.orderBy}`);
  }
  const notes = [`subsets by ${plan.groupBy}: train ${rows.train.length}, validation ${rows.validation.length}, test ${rows.test.length} rows`];
  return { batches, subsets: { validation: Uint32Array.from(rows.validation), test: Uint32Array.from(rows.test) }, labels, notes };
}
