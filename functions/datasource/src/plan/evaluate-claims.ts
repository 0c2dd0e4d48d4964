import type { ClaimsPlan, RowCondition } from '@tabular-ct/core';
import { columnNamed, isComplete, textOf, type ColumnTable } from '../table/column-table.ts';
import type { BatchLayout } from './batch-layout.ts';

type Claim = ClaimsPlan['claims'][number];

/** A predicate over row indices for one condition of a plan. */
function matcher(table: ColumnTable, condition: RowCondition): (row: number) => boolean {
  const column = columnNamed(table, condition.column);
  const checks: Array<(row: number) => boolean> = [];
  if (condition.in) {
    const allowed = new Set(condition.in);
    checks.push((row) => {
      const text = textOf(column, row);
      return text !== null && allowed.has(text);
    });
  }
  if (condition.gt !== undefined || condition.lte !== undefined) {
    if (column.kind !== 'number') throw new Error(`plan compares column "${column.name}" with numbers, but it holds text`);
    const { values } = column;
    const gt = condition.gt ?? -Infinity;
    const lte = condition.lte ?? Infinity;
    // NaN (missing) fails both comparisons: a row without a value never matches a range.
    checks.push((row) => (values[row] as number) > gt && (values[row] as number) <= lte);
  }
  return (row) => checks.every((check) => check(row));
}

/** Narrows a claim's rows to the one value its rule picks; returns the rows and the value. */
function keepOneValue(table: ColumnTable, rows: number[], rule: NonNullable<Claim['oneValueOf']>): { rows: number[]; value: string } {
  const column = columnNamed(table, rule.column);
  const counts = new Map<string, number>();
  for (const row of rows) {
    const text = textOf(column, row);
    if (text !== null) counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const eligible = [...counts].filter(([, n]) => n >= rule.minRows);
  // Fewest rows first, then the value that sorts first: the same choice on every run.
  eligible.sort(([a, n], [b, m]) => n - m || (a < b ? -1 : a > b ? 1 : 0));
  const chosen = eligible[0];
  if (!chosen) throw new Error(`no value of "${rule.column}" has ${rule.minRows} rows or more among the ${rows.length} rows of the claim`);
  return { rows: rows.filter((row) => textOf(column, row) === chosen[0]), value: chosen[0] };
}

/** Cuts rows into `parts` contiguous pieces whose sizes differ by at most one. */
function cut(rows: number[], parts: number): Uint32Array[] {
  return Array.from({ length: parts }, (_, i) =>
    Uint32Array.from(rows.slice(Math.floor((i * rows.length) / parts), Math.floor(((i + 1) * rows.length) / parts))),
  );
}

/**
 * Runs a claims plan over a table: drops incomplete rows if asked, then lets each claim
 * take the rows it matches among those no earlier claim took, in file order.
 */
export function evaluateClaims(plan: ClaimsPlan, table: ColumnTable): BatchLayout {
  const notes: string[] = [];
  const taken = new Uint8Array(table.rowCount);
  let kept = 0;
  for (let row = 0; row < table.rowCount; row++) {
    if (plan.dropIncomplete && !isComplete(table, row)) taken[row] = 1;
    else kept++;
  }
  if (plan.dropIncomplete) notes.push(`${table.rowCount - kept} of ${table.rowCount} rows dropped for a missing value`);

  const batches: Uint32Array[] = [];
  const labels: string[] = [];
  for (const claim of plan.claims) {
    const matches = claim.where.map((condition) => matcher(table, condition));
    let rows: number[] = [];
    for (let row = 0; row < table.rowCount; row++) if (!taken[row] && matches.every((m) => m(row))) rows.push(row);
    let label = claim.label;
    if (claim.oneValueOf) {
      const one = keepOneValue(table, rows, claim.oneValueOf);
      rows = one.rows;
      label = `${label}: ${claim.oneValueOf.column} ${one.value}`;
      notes.push(`${claim.label}: chose ${claim.oneValueOf.column} "${one.value}" (${rows.length} rows)`);
    }
    for (const row of rows) taken[row] = 1;
    cut(rows, claim.batches.length).forEach((part, i) => {
      const number = claim.batches[i] as number;
      if (batches[number]) throw new Error(`batch ${number} is claimed twice in the plan`);
      batches[number] = part;
      labels[number] = claim.batches.length > 1 ? `${label} (part ${i + 1} of ${claim.batches.length})` : label;
    });
  }
  for (let n = 0; n < batches.length; n++) if (!batches[n]) throw new Error(`the plan has no batch ${n}`);
  const left = taken.reduce((sum, t) => sum + (1 - t), 0);
  if (left > 0) notes.push(`${left} complete rows match no claim and are never served`);
  return { batches, subsets: {}, labels, notes };
}
