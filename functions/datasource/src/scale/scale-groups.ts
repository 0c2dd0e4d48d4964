import type { ScalePlan } from '@tabular-ct/core';
import type { BatchLayout } from '../plan/batch-layout.ts';
import { columnNamed, textOf, type ColumnTable } from '../table/column-table.ts';
import { seededRandom } from '../window/seeded-random.ts';
import type { ScaleKey, ScaledLayout } from './scaled-layout.ts';
import { syntheticRowWriter, type CopyChange } from './synthetic-row-writer.ts';
import { CopyNumbering } from './synthetic-rows.ts';

type GroupsPlan = Extract<ScalePlan, { kind: 'groups' }>;

// A draw is kept as position x SLOT + copy number, so one numeric sort puts the draws in the
// training order with the copies of a row together; copy numbers are below 2^16 (Uint16).
const SLOT = 0x10000;

/** The training rows, in the order the plan serves them (the diabetes plan: by encounter_id, the order of admission). */
function trainingRows(layout: BatchLayout): Uint32Array {
  const rows = new Uint32Array(layout.batches.reduce((sum, b) => sum + b.length, 0));
  let at = 0;
  for (const batch of layout.batches) {
    rows.set(batch, at);
    at += batch.length;
  }
  return rows;
}

/** The positions (in `training`) of each group's rows, groups in the order of their first row. */
function groupsOf(table: ColumnTable, column: string, training: Uint32Array): number[][] {
  const col = columnNamed(table, column);
  const members = new Map<string, number[]>();
  training.forEach((row, position) => {
    const key = textOf(col, row);
    if (key === null) throw new Error(`row ${row} has no ${column}: it cannot be drawn with its group`);
    const list = members.get(key);
    if (list) list.push(position);
    else members.set(key, [position]);
  });
  return [...members.values()];
}

/**
 * Groups drawn with replacement, whole, until exactly `total` rows: a group larger than the
 * rows still missing is passed over (only near the end, and most patients have one
 * encounter, so the last draws still fit). Returns the draws sorted, and the copies made.
 */
function drawGroups(groups: number[][], total: number, key: ScaleKey): { draws: Float64Array; copies: Uint16Array } {
  const smallest = groups.reduce((least, g) => Math.min(least, g.length), Infinity);
  const copies = new Uint16Array(groups.length);
  const draws = new Float64Array(total);
  const random = seededRandom(`${key.seed}\u0000${key.dataset}\u0000groups`);
  let filled = 0;
  while (filled < total) {
    if (smallest > total - filled) throw new Error(`no group has ${total - filled} rows or fewer to fill the last batch`);
    const g = Math.floor(random() * groups.length);
    const members = groups[g] as number[];
    if (members.length > total - filled) continue;
    const copy = copies[g] as number;
    if (copy === SLOT - 1) throw new Error(`group ${g} would be drawn more than ${SLOT - 1} times`);
    copies[g] = copy + 1;
    for (const position of members) draws[filled++] = position * SLOT + copy;
  }
  return { draws: draws.sort(), copies };
}

/** New ids of later copies: base + copiesPerId x id + copy, checked unique and above every id of the file. */
function newIdChange(plan: GroupsPlan, table: ColumnTable, mostCopies: number): CopyChange {
  const { column, base, copiesPerId } = plan.newIds;
  const col = columnNamed(table, column);
  if (col.kind !== 'number') throw new Error(`the course scale gives copies new "${column}" values, but it holds text`);
  let largest = 0;
  for (const id of col.values) {
    if (!Number.isInteger(id) || id < 0) throw new Error(`"${column}" ${id} is not a whole number: copies cannot get ids from it`);
    largest = Math.max(largest, id);
  }
  if (largest >= base) throw new Error(`"${column}" ${largest} is not below the base ${base} of the copies' ids`);
  if (mostCopies > copiesPerId) throw new Error(`a row has ${mostCopies} copies, more than the ${copiesPerId} its new ids leave room for`);
  if (base + copiesPerId * (largest + 1) > Number.MAX_SAFE_INTEGER) throw new Error(`the copies' "${column}" would pass 2^53`);
  return {
    columns: [table.columns.indexOf(col)],
    write: (row, copy, out) => {
      out[0] = String(base + copiesPerId * (col.values[row] as number) + copy);
    },
  };
}

/**
 * The `groups` course scale of a layout: the training groups (patients) drawn with
 * replacement, whole, up to `batches` x `batchRows` rows, served in the training order of
 * the plan (so drift over time still shows batch after batch) and cut into batches. A copy
 * keeps its group (patient_nbr), so the platform's split by patient keeps every copy of a
 * patient in one split; later copies get new ids. Validation and test stay as they are.
 */
export function scaleGroups(plan: GroupsPlan, table: ColumnTable, layout: BatchLayout, key: ScaleKey): ScaledLayout {
  const training = trainingRows(layout);
  const groups = groupsOf(table, plan.groupBy, training);
  const total = plan.batches * plan.batchRows;
  const { draws, copies } = drawGroups(groups, total, key);
  const numbering = new CopyNumbering(table.rowCount, total);
  // Sorted by (position, copy): each row's copies come in copy order, so the numbering gives
  // every row of a group's copy k the copy number k.
  const ids = Uint32Array.from(draws, (draw) => numbering.next(training[Math.floor(draw / SLOT)] as number));
  const rows = numbering.build();
  const change = newIdChange(plan, table, copies.reduce((most, n) => Math.max(most, n), 0));
  const batches = Array.from({ length: plan.batches }, (_, b) => ids.slice(b * plan.batchRows, (b + 1) * plan.batchRows));
  const drawn = copies.reduce((sum, n) => sum + n, 0);
  return {
    layout: {
      batches,
      subsets: layout.subsets,
      labels: batches.map((_, b) => `SYNTHETIC training rows ${b * plan.batchRows + 1}-${(b + 1) * plan.batchRows} of ${total}, ${plan.groupBy} resampled whole, in training order`),
      notes: [
        ...layout.notes,
        `SYNTHETIC course scale: ${total} training rows from ${drawn} draws of ${groups.length} ${plan.groupBy} groups (${training.length} rows; seed "${key.seed}"); later copies get new ${plan.newIds.column} values; validation and test as in the file`,
      ],
    },
    rows,
    writeRow: syntheticRowWriter(table, rows, change),
    label: `SYNTHETIC: ${key.dataset} at course scale, ${total} training rows resampled by ${plan.groupBy} from ${training.length} of the file, new ${plan.newIds.column} for later copies; validation and test as in the file (DATASOURCE_SCALE=course)`,
  };
}
