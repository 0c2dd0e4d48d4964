import { hash53, type BatchPlan, type ScalePlan } from '@tabular-ct/core';
import type { BatchLayout } from '../plan/batch-layout.ts';
import { columnNamed, type ColumnTable } from '../table/column-table.ts';
import { seededNumbers, seededRandom } from '../window/seeded-random.ts';
import { claimBands } from './claim-bands.ts';
import { dayNumber, dayText, distinctValue, distinctValues, relativeJitter, shiftDay, type DistinctValues } from './copy-jitter.ts';
import type { ScaleKey, ScaledLayout } from './scaled-layout.ts';
import { syntheticRowWriter, type CopyChange } from './synthetic-row-writer.ts';
import { CopyNumbering, type SyntheticRows } from './synthetic-rows.ts';

type RowsPlan = Extract<ScalePlan, { kind: 'rows' }>;

// NUL cannot occur in an environment variable or a dataset name, so no two keys join alike.
const keyOf = (...parts: Array<string | number>): string => parts.join('\u0000');

/** Each batch drawn with replacement from its own rows, up to its documented size, in the order drawn. */
function resample(plan: RowsPlan, layout: BatchLayout, rowCount: number, key: ScaleKey): { batches: Uint32Array[]; rows: SyntheticRows } {
  if (plan.batchRows.length !== layout.batches.length) {
    throw new Error(`the course scale has ${plan.batchRows.length} batch sizes for the plan's ${layout.batches.length} batches`);
  }
  const numbering = new CopyNumbering(rowCount, plan.batchRows.reduce((sum, n) => sum + n, 0));
  const batches = layout.batches.map((from, b) => {
    const size = plan.batchRows[b] as number;
    if (from.length === 0) throw new Error(`batch ${b} has no rows to resample ${size} from`);
    const random = seededRandom(keyOf(key.seed, key.dataset, 'batch', b));
    const ids = new Uint32Array(size);
    for (let i = 0; i < size; i++) ids[i] = numbering.next(from[Math.floor(random() * from.length)] as number);
    return ids;
  });
  return { batches, rows: numbering.build() };
}

/** The distinct values of every row with later copies, checked to be enough for all of them. */
function distinctByRow(plan: RowsPlan, base: BatchPlan, table: ColumnTable, layout: BatchLayout, rows: SyntheticRows, key: ScaleKey): Map<number, DistinctValues> {
  const { column, share, minSpread } = plan.distinct;
  const col = columnNamed(table, column);
  if (col.kind !== 'number') throw new Error(`the course scale keeps copies apart by "${column}", which is not numeric`);
  const bands = claimBands(base, column);
  const byRow = new Map<number, DistinctValues>();
  layout.batches.forEach((from, b) => {
    for (const row of from) {
      const later = (rows.copies[row] as number) - 1;
      if (later < 1 || byRow.has(row)) continue;
      const value = col.values[row] as number;
      if (Number.isNaN(value)) throw new Error(`row ${row} has no ${column}: its copies cannot be told apart`);
      const values = distinctValues(value, { share, minSpread }, bands[b] ?? {}, hash53(keyOf(key.seed, key.dataset, 'distinct', row)));
      // Guaranteed, not hoped for: preprocess drops a row whose content repeats another's.
      if (values.count < later) throw new Error(`row ${row} (${column} ${value}) has ${later} copies but room for ${values.count} distinct values`);
      byRow.set(row, values);
    }
  });
  return byRow;
}

/** One changed column of a copy: its index, and its value's JSON text from the row, the copy and the copy's numbers. */
interface ColumnChange {
  at: number;
  value: (row: number, copy: number, u: Float64Array) => string | undefined;
}

/** A jittered column's change, drawing the copy's `j`th number. */
function jitterChange(table: ColumnTable, spec: RowsPlan['jitter'][number], j: number): ColumnChange {
  const col = columnNamed(table, spec.column);
  const at = table.columns.indexOf(col);
  if ('days' in spec) {
    if (col.kind !== 'text') throw new Error(`the course scale moves "${spec.column}" by days, but it holds numbers`);
    // Each date of the file parsed once, each moved date written once: a few thousand, for a million rows.
    const dayOfCode = col.dictionary.map(dayNumber);
    const written = new Map<number, string>();
    return {
      at,
      value: (row, _copy, u) => {
        const code = col.codes[row] as number;
        const day = code < 0 ? undefined : dayOfCode[code];
        if (day === undefined) return undefined;
        const moved = shiftDay(day, spec.days, u[j] as number);
        let text = written.get(moved);
        if (text === undefined) written.set(moved, (text = JSON.stringify(dayText(moved))));
        return text;
      },
    };
  }
  if (col.kind !== 'number') throw new Error(`the course scale jitters "${spec.column}" as a number, but it holds text`);
  return {
    at,
    value: (row, _copy, u) => {
      const value = col.values[row] as number;
      return Number.isNaN(value) ? undefined : String(relativeJitter(value, spec.share, spec.decimals, u[j] as number));
    },
  };
}

/** The changes of a copy: its distinct value, then each jittered column, from numbers seeded by (seed, dataset, row, copy). */
function copyChange(plan: RowsPlan, table: ColumnTable, distinct: Map<number, DistinctValues>, key: ScaleKey): CopyChange {
  const distinctCol = columnNamed(table, plan.distinct.column);
  const distinctChange: ColumnChange = {
    at: table.columns.indexOf(distinctCol),
    value: (row, copy) => String(distinctValue(distinct.get(row) as DistinctValues, copy)),
  };
  const changes = [distinctChange, ...plan.jitter.map((spec, j) => jitterChange(table, spec, j))].sort((a, b) => a.at - b.at);
  if (new Set(changes.map((c) => c.at)).size < changes.length) throw new Error('the course scale changes one column twice');
  const u = new Float64Array(plan.jitter.length);
  const prefix = keyOf(key.seed, key.dataset, '');
  return {
    columns: changes.map((c) => c.at),
    write: (row, copy, out) => {
      seededNumbers(`${prefix}${row}\u0000${copy}`, u);
      for (let i = 0; i < changes.length; i++) out[i] = (changes[i] as ColumnChange).value(row, copy, u);
    },
  };
}

/**
 * The `rows` course scale of a layout: every batch resampled from its own rows (so from its
 * claim's price band, status and state) up to its documented size. A copy keeps every column
 * but the jittered ones: its street, city and ZIP code too, so the platform's split, keyed by
 * them, puts every copy of a listing in the same split, and validation scores generalisation
 * to unseen listings, not memory of seen ones.
 */
export function scaleRows(plan: RowsPlan, base: BatchPlan, table: ColumnTable, layout: BatchLayout, key: ScaleKey): ScaledLayout {
  const { batches, rows } = resample(plan, layout, table.rowCount, key);
  const distinct = distinctByRow(plan, base, table, layout, rows, key);
  const total = batches.reduce((sum, b) => sum + b.length, 0);
  const sourceRows = layout.batches.reduce((sum, b) => sum + b.length, 0);
  const jittered = [plan.distinct.column, ...plan.jitter.map((j) => j.column)].join(', ');
  return {
    layout: {
      batches,
      subsets: layout.subsets,
      labels: layout.batches.map((from, b) => `SYNTHETIC ${layout.labels[b] ?? `batch ${b}`}: ${batches[b]?.length} rows resampled from ${from.length}`),
      notes: [
        ...layout.notes,
        `SYNTHETIC course scale: ${total} rows resampled with replacement from ${sourceRows} (seed "${key.seed}"); ${jittered} jittered in later copies`,
      ],
    },
    rows,
    writeRow: syntheticRowWriter(table, rows, copyChange(plan, table, distinct, key)),
    label: `SYNTHETIC: ${key.dataset} at course scale, ${total} rows resampled from ${sourceRows} of the file, ${jittered} jittered (DATASOURCE_SCALE=course)`,
  };
}
