import { assignSplit, cleanRow, datasets, rowContentKey } from '@tabular-ct/core';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchLayout } from '../plan/batch-layout.ts';
import { evaluatePlan } from '../plan/evaluate-plan.ts';
import { realtorCourseScale } from '../plans/realtor-course-scale.ts';
import { realtorPlan } from '../plans/realtor-plan.ts';
import { columnNamed, textOf, type ColumnTable } from '../table/column-table.ts';
import { readGzipCsvTable } from '../table/read-table.ts';
import { rowJsonWriter } from '../table/row-json.ts';
import { scaleLayout } from './course-scale.ts';
import type { ScaledLayout } from './scaled-layout.ts';
import { copyOf } from './synthetic-rows.ts';

// The shared dataset file, as the function finds it (DATASETS_DIR, relative to the working directory).
const datasetFile = path.resolve(process.env.DATASETS_DIR ?? '../shared/datasets', 'realtor.csv.gz');
const DOCUMENTED = [73_784, 94_551, 230_366, 4_055, 320_696, 361_457];
const BANDS = [
  { gt: -Infinity, lte: 300_000 },
  { gt: -Infinity, lte: 300_000 },
  { gt: -Infinity, lte: 300_000 },
  { gt: -Infinity, lte: 300_000 },
  { gt: 300_000, lte: 500_000 },
  { gt: 500_000, lte: Infinity },
];
const SEED = 'tabular-ct-course';

/** The price in a written row, read without parsing the whole row: a million rows are checked. */
const priceIn = (json: string): number => {
  const start = json.indexOf('"price":') + 8;
  return Number(json.slice(start, json.indexOf(',', start)));
};

describe('the realtor course scale over the shared file', () => {
  let table: ColumnTable;
  let cut: BatchLayout;
  let course: ScaledLayout;
  const scaled = (seed: string): ScaledLayout => scaleLayout({ plan: realtorCourseScale, seed }, realtorPlan, table, cut, 'realtor');
  beforeAll(async () => {
    table = await readGzipCsvTable(datasetFile);
    cut = evaluatePlan(realtorPlan, table);
    course = scaled(SEED);
  });

  it('makes the six documented batches at their documented sizes, 1,084,909 rows in all', () => {
    expect(course.layout.batches.map((b) => b.length)).toEqual(DOCUMENTED);
    expect(DOCUMENTED.reduce((a, b) => a + b, 0)).toBe(1_084_909);
  });

  it('draws each batch from the same batch of today\'s plan: its price band, status and state slice', () => {
    course.layout.batches.forEach((ids, b) => {
      const from = new Set(cut.batches[b]);
      const sources = new Set([...ids].map((id) => copyOf(course.rows, id).source));
      expect([...sources].every((row) => from.has(row))).toBe(true);
      // About 245 draws per row: every row of the batch is drawn (missing one has odds of e^-176 at worst).
      expect(sources.size).toBe(from.size);
    });
  });

  // A million rows written and checked: about 2 s alone, past 5 s beside the other test files, so
  // it is given more than vitest's default 5 s. Nothing here is timed.
  it('keeps every row\'s price inside its batch\'s band, and gives the copies of a row prices of their own', () => {
    course.layout.batches.forEach((ids, b) => {
      const band = BANDS[b]!;
      // (row, price) pairs as one number each (prices stay below 2^27), sorted: a repeat sits next to its twin.
      const pairs = new Float64Array(ids.length);
      ids.forEach((id, i) => {
        const price = priceIn(course.writeRow(id));
        if (!(price > band.gt && price <= band.lte)) expect.fail(`batch ${b}: price ${price} outside (${band.gt}, ${band.lte}]`);
        pairs[i] = copyOf(course.rows, id).source * 2 ** 27 + price;
      });
      pairs.sort();
      const repeat = pairs.findIndex((pair, i) => i > 0 && pair === pairs[i - 1]);
      if (repeat >= 0) expect.fail(`batch ${b}: two copies of row ${Math.floor(pairs[repeat]! / 2 ** 27)} at one price`);
    });
  }, 30_000);

  it('writes a row\'s first copy as the file has it, and later ones with small jitter, categories, beds and baths kept', () => {
    const plain = rowJsonWriter(table);
    const problems: string[] = [];
    // Batch 3 whole and the first 20,000 rows of batch 2.
    for (const id of [...course.layout.batches[3]!, ...course.layout.batches[2]!.subarray(0, 20_000)]) {
      const { source, copy } = copyOf(course.rows, id);
      const written = course.writeRow(id);
      if (copy === 0) {
        if (written !== plain(source)) problems.push(`row ${source}: first copy differs from the file`);
        continue;
      }
      const row = JSON.parse(written) as Record<string, number>;
      const file = JSON.parse(plain(source)) as Record<string, number>;
      const moved = (name: string): number => Math.abs(row[name]! - file[name]!);
      const checks: Array<[string, boolean]> = [
        ...['brokered_by', 'status', 'bed', 'bath', 'street', 'city', 'state', 'zip_code'].map((name): [string, boolean] => [name, row[name] === file[name]]),
        ['price', row.price !== file.price && moved('price') <= Math.max(0.05 * file.price!, 1_000) + 1],
        // Rounding to whole square feet and hundredths of an acre adds half a unit.
        ['house_size', moved('house_size') <= 0.05 * file.house_size! + 0.5],
        ['acre_lot', moved('acre_lot') <= 0.05 * file.acre_lot! + 0.005 + 1e-9],
        ['prev_sold_date', Math.abs(Date.parse(String(row.prev_sold_date)) - Date.parse(String(file.prev_sold_date))) <= 30 * 86_400_000],
      ];
      for (const [name, ok] of checks) if (!ok) problems.push(`copy ${copy} of row ${source}: ${name} ${row[name]} against ${file[name]}`);
    }
    expect(problems).toEqual([]);
  });

  it('puts every copy of a listing in the listing\'s split, each a row of its own for preprocess', () => {
    const spec = datasets.realtor;
    // Batch 3 whole and the first 30,000 rows of batch 5: every kind of row, in a second.
    const ids = [...course.layout.batches[3]!, ...course.layout.batches[5]!.subarray(0, 30_000)];
    const splitOf = new Map<number, string>();
    const contents = new Set<string>();
    const fileRowCleans = (row: number): boolean => cleanRow(spec, JSON.parse(rowJsonWriter(table)(row))).ok;
    for (const id of ids) {
      const { source } = copyOf(course.rows, id);
      const outcome = cleanRow(spec, JSON.parse(course.writeRow(id)));
      if (!outcome.ok) {
        // Jitter keeps values plausible: a copy is refused only where its file row is.
        if (fileRowCleans(source)) expect.fail(`copy ${id} of row ${source} refused: ${outcome.field} ${outcome.reason}`);
        continue;
      }
      const split = assignSplit(spec, outcome.row);
      if ((splitOf.get(source) ?? split) !== split) expect.fail(`copies of row ${source} in two splits`);
      splitOf.set(source, split);
      const key = rowContentKey(spec, outcome.row);
      if (contents.has(key)) expect.fail(`row ${id} repeats another row's content`);
      contents.add(key);
    }
    // The split key of the platform: street, city and ZIP code, kept by every copy.
    expect(spec.split.groupKey).toEqual(['street', 'city', 'zip_code']);
    expect(new Set(splitOf.values())).toEqual(new Set(['train', 'validation', 'test']));
  });

  it('is deterministic for a seed, and another seed draws other rows', () => {
    const again = scaled(SEED);
    // Compared as bytes: a deep comparison of a million numbers takes seconds.
    const bytes = (layout: ScaledLayout): Buffer[] => layout.layout.batches.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    expect(bytes(again).every((b, n) => b.equals(bytes(course)[n]!))).toBe(true);
    const sample = course.layout.batches[4]!.subarray(0, 5_000);
    expect([...sample].map(again.writeRow)).toEqual([...sample].map(course.writeRow));
    const other = scaled('another seed');
    expect(other.layout.batches.map((b) => b.length)).toEqual(DOCUMENTED);
    expect(bytes(other)[3]!.equals(bytes(course)[3]!)).toBe(false);
  });

  it('says it is synthetic in its label, every batch label and its notes', () => {
    expect(course.label).toMatch(/^SYNTHETIC: realtor at course scale, 1084909 rows resampled from 4422 of the file/);
    // An HTTP header: printable ASCII only.
    expect(course.label).toMatch(/^[\x20-\x7e]+$/);
    expect(course.layout.labels.every((label) => label.startsWith('SYNTHETIC '))).toBe(true);
    expect(course.layout.notes.at(-1)).toMatch(/^SYNTHETIC course scale: 1084909 rows resampled with replacement from 4422/);
  });

  it('keeps the state slice: batch 3 is still one state', () => {
    const state = columnNamed(table, 'state');
    const states = new Set([...course.layout.batches[3]!].map((id) => textOf(state, copyOf(course.rows, id).source)));
    expect(states).toEqual(new Set(['Kentucky']));
  });
});
