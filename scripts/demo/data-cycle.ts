import type { CycleSummary, DatasetName } from '@tabular-ct/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { runRound, type RoundAnswers } from '../cycle/cycle-steps.ts';
import { migrateAirflow, runCycleDag, type AirflowOptions, type CycleUrls } from '../stack/airflow.ts';
import type { StackConfig } from '../stack/stack-config.ts';
import { callFunction } from './call-function.ts';

/** One decision of the cycle: a DAG run (or a direct round) and the deliveries it covered. */
export interface CycleRow {
  /** The delivery the decision was asked for: the run's last. */
  batch: string;
  batchNumber: number;
  /** Every delivery the decision covered, the last being `batch`. */
  deliveries: string[];
  /** Rows of those deliveries, and where they went in CLEAN. */
  rows: number;
  clean: number;
  rejected: number;
  duplicates: number;
  retrain: boolean;
  reasons: string[];
  version?: string;
  metric?: string;
  challenger?: number;
  champion?: number;
  promoted?: boolean;
  promotion?: string;
}

/**
 * Starts a group's data over: the data API's own GET /restart_data_generation. Its answer
 * is `{"ok": true}` or `["ok"]` depending on the API's version: only the status is read.
 */
export async function restartDataApi(sourceUrl: string, group: number): Promise<void> {
  const restart = await fetch(new URL(`restart_data_generation?group_number=${group}`, sourceUrl.endsWith('/') ? sourceUrl : `${sourceUrl}/`));
  if (!restart.ok) throw new Error(`restart_data_generation answered ${restart.status}: ${await restart.text()}`);
}

/** How the direct cycle calls the data API: `calls` answers per round, rounds started at least `roundSeconds` apart (a DAG's schedule). */
interface DirectPace {
  calls: number;
  roundSeconds: number;
}

/**
 * The whole cycle over HTTP, as Airflow calls it, until the data API says its data has ended:
 * per round collect (`calls` answers of the data API), preprocess and decide; train and promote
 * when the decision says so (scripts/cycle/cycle-steps.ts).
 */
export async function runCycle(
  urls: CycleUrls,
  dataset: DatasetName,
  group: number,
  onBatch: (row: CycleRow) => void,
  pace: DirectPace = { calls: 1, roundSeconds: 0 },
): Promise<CycleRow[]> {
  const rows: CycleRow[] = [];
  for (;;) {
    const roundStarted = Date.now();
    const round = await runRound({ dataset, sourceUrl: urls.datasource, group, calls: pace.calls }, (step, body) => callFunction(`${urls[step]}/${step}`, body));
    if (!round) return rows;
    const row = rowOfRound(round);
    onBatch(row);
    rows.push(row);
    await sleep(Math.max(0, roundStarted + pace.roundSeconds * 1000 - Date.now()));
  }
}

/** A row of the table from a direct round's answers. */
function rowOfRound({ collect, preprocess, drift, train, promote }: RoundAnswers): CycleRow {
  return {
    batch: drift.batch_id,
    batchNumber: collect.batch_number ?? 0,
    deliveries: drift.deliveries,
    rows: preprocess.rows_in,
    clean: preprocess.clean,
    rejected: preprocess.rejected,
    duplicates: preprocess.duplicates,
    retrain: drift.retrain,
    reasons: drift.reasons,
    ...(train && promote
      ? { version: train.version, metric: promote.metric, challenger: promote.challenger_metric, champion: promote.champion_metric, promoted: promote.promoted, promotion: promote.reason }
      : {}),
  };
}

/**
 * The whole cycle through Airflow: one run of the dataset's DAG after another (`airflow dags
 * test`), started at least `roundSeconds` apart (a DAG's schedule: against a time-windowed API,
 * its window), until a run finds the data API exhausted. Returns a row per run that decided,
 * and the id of the last, exhausted run.
 */
export async function runAirflowCycle(
  config: StackConfig,
  urls: CycleUrls,
  dataset: DatasetName,
  group: number,
  onBatch: (row: CycleRow) => void,
  options: AirflowOptions & { roundSeconds?: number } = {},
): Promise<{ rows: CycleRow[]; runIds: string[]; exhaustedRunId: string }> {
  await migrateAirflow(config, urls, dataset, options);
  const rows: CycleRow[] = [];
  const runIds: string[] = [];
  for (let started = 0; ; ) {
    await sleep(Math.max(0, started + (options.roundSeconds ?? 0) * 1000 - Date.now()));
    started = Date.now();
    const run = await runCycleDag(config, urls, dataset, group, options);
    if (run.exhausted) return { rows, runIds, exhaustedRunId: run.runId };
    if (!run.summary) throw new Error(`DAG run ${run.runId} ended without a summary`);
    const row = rowFromSummary(run.summary);
    onBatch(row);
    rows.push(row);
    runIds.push(run.runId);
  }
}

const num = (x: number | undefined): string => (x === undefined ? '' : x.toPrecision(4));

/** The cycle as a table for a terminal, then each batch's reasons in full. */
export function formatCycle(rows: readonly CycleRow[]): string {
  const header = ['decided at', 'batch', 'deliveries', 'rows', 'clean', 'rejected', 'dup', 'decision', 'version', 'metric', 'challenger', 'champion', 'promoted'];
  const cells = rows.map((r) => [
    r.batch,
    String(r.batchNumber),
    String(r.deliveries.length),
    String(r.rows),
    String(r.clean),
    String(r.rejected),
    String(r.duplicates),
    r.retrain ? 'train' : 'skip',
    r.version ?? '',
    r.metric ?? '',
    num(r.challenger),
    num(r.champion),
    r.promoted === undefined ? '' : r.promoted ? 'yes' : 'no',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]): string => c.map((v, i) => (i === 0 || i >= 7 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join('  ');
  const reasons = rows.flatMap((r) => [
    `\n${r.batch}${r.deliveries.length > 1 ? ` (deliveries ${r.deliveries.join(', ')})` : ''}: ${r.retrain ? 'trained' : 'skipped'} because`,
    ...r.reasons.map((x) => `  - ${x}`),
    ...(r.promotion ? [`  promotion: ${r.promotion}`] : []),
  ]);
  return [line(header), ...cells.map(line), ...reasons].join('\n');
}

/** A row of the table from the summary an Airflow run of the DAG returned. */
export function rowFromSummary(s: CycleSummary): CycleRow {
  const optional = <T>(v: T | null): T | undefined => v ?? undefined;
  return {
    batch: s.batch_id,
    batchNumber: s.batch_number,
    deliveries: s.deliveries,
    rows: s.rows,
    clean: s.clean,
    rejected: s.rejected,
    duplicates: s.duplicates,
    retrain: s.retrain,
    reasons: s.reasons,
    version: optional(s.version),
    metric: optional(s.metric),
    challenger: optional(s.challenger_metric),
    champion: optional(s.champion_metric),
    promoted: optional(s.promoted),
    promotion: optional(s.promotion_reason),
  };
}
