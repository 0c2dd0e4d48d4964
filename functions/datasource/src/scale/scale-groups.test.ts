import { assignSplit, cleanRow, datasets } from '@tabular-ct/core';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchLayout } from '../plan/batch-layout.ts';
import { evaluatePlan } from '../plan/evaluate-plan.ts';
import { diabetesCourseScale } from '../plans/diabetes-course-scale.ts';
import { diabetesPlan } from '../plans/diabetes-plan.ts';
import { columnNamed, textOf, type ColumnTable } from '../table/column-table.ts';
import { readGzipCsvTable } from '../table/read-table.ts';
import { rowJsonWriter } from '../table/row-json.ts';
import { scaleLayout } from './course-scale.ts';
import type { ScaledLayout } from './scaled-layout.ts';
import { copyOf } from './synthetic-rows.ts';

// The shared dataset file, as the function finds it (DATASETS_DIR, relative to the working directory).
const datasetFile = path.resolve(process.env.DATASETS_DIR ?? '../shared/datasets', 'diabetes.csv.gz');
const BASE = 1_000_000_000_000;

/** The encounter_id of a written row, the first column, read without parsing the row. */
const encounterIn = (json: string): number => Number(json.slice('{"encounter_id":'.length, json.indexOf(',')));

describe('the diabetes course scale over the shared file', () => {
  let table: ColumnTable;
  let cut: BatchLayout;
  let course: ScaledLayout;
  let patientOf: (row: number) => string;
  const scaled = (seed: string): ScaledLayout => scaleLayout({ plan: diabetesCourseScale, seed }, diabetesPlan, table, cut, 'diabetes');
  const training = (layout: ScaledLayout): Uint32Array => Uint32Array.from(layout.layout.batches.flatMap((b) => [...b]));
  beforeAll(async () => {
    table = await readGzipCsvTable(datasetFile);
    cut = evaluatePlan(diabetesPlan, table);
    course = scaled('tabular-ct-course');
    const patient = columnNamed(table, 'patient_nbr');
    patientOf = (row) => textOf(patient, row) as string;
  });

  it('serves ten training batches of 15,000 encounters, validation and test as today', () => {
    expect(course.layout.batches.map((b) => b.length)).toEqual(new Array(10).fill(15_000));
    expect(course.layout.subsets).toEqual(cut.subsets);
  });

  it('keeps patients whole: every copy of a patient holds all of its training encounters', () => {
    const trainingRows = new Map<string, number>();
    for (const batch of cut.batches) for (const row of batch) trainingRows.set(patientOf(row), (trainingRows.get(patientOf(row)) ?? 0) + 1);
    const copies = new Map<string, number>();
    for (const id of training(course)) {
      const { source, copy } = copyOf(course.rows, id);
      const key = `${patientOf(source)} ${copy}`;
      copies.set(key, (copies.get(key) ?? 0) + 1);
    }
    for (const [key, rows] of copies) {
      const patient = key.split(' ')[0]!;
      if (rows !== trainingRows.get(patient)) expect.fail(`patient copy ${key} has ${rows} encounters of ${trainingRows.get(patient)}`);
    }
    // Only training patients are drawn, and most of them: about 2.3 draws each.
    expect([...copies.keys()].every((key) => trainingRows.has(key.split(' ')[0]!))).toBe(true);
    expect(new Set([...copies.keys()].map((key) => key.split(' ')[0])).size / trainingRows.size).toBeGreaterThan(0.85);
  });

  it('gives every served encounter its own id, later copies above every id of the file', () => {
    const plain = rowJsonWriter(table);
    const encounterColumn = columnNamed(table, 'encounter_id');
    const ids = new Set<number>();
    for (const id of [...training(course), ...cut.subsets.validation!, ...cut.subsets.test!]) {
      const written = course.writeRow(id);
      const encounter = encounterIn(written);
      if (ids.has(encounter)) expect.fail(`encounter_id ${encounter} served twice`);
      ids.add(encounter);
      const { source, copy } = copyOf(course.rows, id);
      if (copy === 0) {
        if (written !== plain(source)) expect.fail(`row ${source}'s first copy differs from the file`);
      } else if (encounter !== BASE + 100 * Number(textOf(encounterColumn, source)) + copy) {
        expect.fail(`copy ${copy} of row ${source} has encounter_id ${encounter}`);
      }
    }
    expect(ids.size).toBe(150_000 + 13_810 + 13_673);
    // Writes all 177,483 served rows as JSON: about 2 s of CPU alone, 4-8 s on a busy machine.
  }, 30_000);

  it('serves the training rows in today\'s order, by encounter, so drift over time still shows', () => {
    const encounter = columnNamed(table, 'encounter_id');
    const sourceIds = [...training(course)].map((id) => Number(textOf(encounter, copyOf(course.rows, id).source)));
    expect(sourceIds.every((x, i) => i === 0 || x >= sourceIds[i - 1]!)).toBe(true);
  });

  it('keeps copies of a patient in the patient\'s split, rows the platform accepts', () => {
    const spec = datasets.diabetes;
    const splitOf = new Map<string, string>();
    for (const id of course.layout.batches[9]!) {
      const outcome = cleanRow(spec, JSON.parse(course.writeRow(id)));
      if (!outcome.ok) expect.fail(`row ${id} refused: ${outcome.field} ${outcome.reason}`);
      const patient = outcome.row.values.patient_nbr as string;
      const split = assignSplit(spec, outcome.row);
      if ((splitOf.get(patient) ?? split) !== split) expect.fail(`patient ${patient} in two splits`);
      splitOf.set(patient, split);
    }
  });

  it('is deterministic for a seed, and says it is synthetic', () => {
    const again = scaled('tabular-ct-course');
    expect(Buffer.from(training(again).buffer).equals(Buffer.from(training(course).buffer))).toBe(true);
    expect(Buffer.from(training(scaled('another seed')).buffer).equals(Buffer.from(training(course).buffer))).toBe(false);
    expect(course.label).toMatch(/^SYNTHETIC: diabetes at course scale, 150000 training rows resampled by patient_nbr from 64044 of the file/);
    expect(course.label).toMatch(/^[\x20-\x7e]+$/);
    expect(course.layout.labels.every((label) => label.startsWith('SYNTHETIC '))).toBe(true);
  });
});
