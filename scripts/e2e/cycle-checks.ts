import { cleanRow, datasets, featureColumns, PRODUCTION_ALIAS, registeredModelName, rowContentKey, tagRecord } from '@tabular-ct/core';
import { createMlflowClient, listDecisions, loadConfig, type MlflowClient } from '@tabular-ct/platform';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { CycleRow } from '../demo/data-cycle.ts';
import type { IsolatedCycle } from './isolated-cycle.ts';

export const mlflowOf = (cycle: IsolatedCycle): MlflowClient => createMlflowClient(loadConfig(cycle.env, ['mlflow']).mlflow);
export const modelNameOf = (cycle: IsolatedCycle): string => registeredModelName(cycle.dataset, cycle.env.MODEL_NAME_PREFIX);

const count = async (pool: IsolatedCycle['raw'], sql: string, params: unknown[] = []): Promise<number> =>
  Number((await pool.query<{ n: string }>(sql, params)).rows[0]?.n ?? -1);

/**
 * RAW holds each delivery once, in the order the runs decided them, with exactly the rows
 * the data API delivered: the rows of each run's deliveries add up to what its summary said.
 */
export async function expectRawAccounting(cycle: IsolatedCycle, rows: readonly CycleRow[]): Promise<void> {
  const deliveries = (await cycle.raw.query<{ batch_id: string; row_count: number }>('SELECT batch_id, row_count FROM batches ORDER BY delivery')).rows;
  expect(deliveries.map((d) => d.batch_id)).toEqual(rows.flatMap((r) => r.deliveries));
  for (const r of rows) {
    const counted = await count(cycle.raw, 'SELECT count(*) AS n FROM raw_rows WHERE batch_id = ANY($1)', [r.deliveries]);
    expect(counted, r.batch).toBe(r.rows);
    expect(deliveries.filter((d) => r.deliveries.includes(d.batch_id)).reduce((n, d) => n + d.row_count, 0), `${r.batch}: row counts`).toBe(r.rows);
  }
  expect(await count(cycle.raw, 'SELECT count(*) AS n FROM raw_rows')).toBe(rows.reduce((sum, r) => sum + r.rows, 0));
}

/** Every RAW row of a delivery is in CLEAN once: a clean row, a reject with its reason, or a duplicate. */
export async function expectCleanAccounting(cycle: IsolatedCycle, rows: readonly CycleRow[]): Promise<void> {
  for (const r of rows) {
    const ids = [r.deliveries];
    const stored = {
      clean: await count(cycle.clean, 'SELECT count(*) AS n FROM clean_rows WHERE batch_id = ANY($1)', ids),
      rejected: await count(cycle.clean, 'SELECT count(*) AS n FROM rejects WHERE batch_id = ANY($1)', ids),
      duplicates: await count(cycle.clean, 'SELECT count(*) AS n FROM duplicates WHERE batch_id = ANY($1)', ids),
    };
    expect(stored, r.batch).toEqual({ clean: r.clean, rejected: r.rejected, duplicates: r.duplicates });
    expect(r.clean + r.rejected + r.duplicates, `${r.batch}: clean + rejected + duplicates`).toBe(r.rows);
  }
  expect(await count(cycle.clean, 'SELECT count(*) AS n FROM clean_batches')).toBe(rows.reduce((n, r) => n + r.deliveries.length, 0));
  expect(await count(cycle.clean, "SELECT count(*) AS n FROM rejects WHERE reason = ''")).toBe(0);
}

/**
 * One RAW delivery per answer the simulator served (its own request counter says how many),
 * and each distinct row received, by the platform's row key, stored once in CLEAN; with
 * `overlapping` (a time-windowed API's samples) the answers must also have repeated rows.
 */
export async function expectDeliveriesAndDistinctRows(cycle: IsolatedCycle, overlapping: boolean): Promise<void> {
  const metrics = await (await fetch(`${cycle.urls.datasource}/metrics`)).text();
  const served = Number(/^http_requests_total\{[^}]*route="GET \/data"[^}]*status="200"[^}]*\} (\d+)$/m.exec(metrics)?.[1] ?? -1);
  expect(await count(cycle.raw, 'SELECT count(*) AS n FROM batches'), 'RAW deliveries = answers of the data API').toBe(served);

  const spec = datasets[cycle.dataset];
  const received = (await cycle.raw.query<{ payload: unknown }>('SELECT payload FROM raw_rows')).rows;
  const keys = new Set<string>();
  for (const { payload } of received) {
    const outcome = cleanRow(spec, payload);
    if (outcome.ok) keys.add(rowContentKey(spec, outcome.row));
  }
  if (overlapping) expect(received.length, 'the answers overlap').toBeGreaterThan(keys.size);
  expect(await count(cycle.clean, 'SELECT count(*) AS n FROM clean_rows'), 'CLEAN rows = distinct valid rows received').toBe(keys.size);
}

/**
 * One registered version per training decision, each tagged with its batch and the reasons it
 * was trained for, and one finished MLflow run behind each (runs of earlier test runs are
 * older than `since`).
 */
export async function expectOneVersionPerTraining(cycle: IsolatedCycle, rows: readonly CycleRow[], since: number): Promise<void> {
  const mlflow = mlflowOf(cycle);
  const name = modelNameOf(cycle);
  const { versions } = await mlflow.registry.searchModelVersions({ filter: `name = '${name}'`, maxResults: 1000 });
  const trained = rows.filter((r) => r.retrain);
  expect(versions.map((v) => v.version).sort((a, b) => Number(a) - Number(b))).toEqual(trained.map((r) => r.version));
  const experiment = await mlflow.experiments.getByName(name);
  for (const r of trained) {
    const version = versions.find((v) => v.version === r.version);
    const tags = tagRecord(version?.tags);
    expect(tags.batch_id, `version ${r.version}`).toBe(r.batch);
    expect(tags.reasons, `version ${r.version}: reasons tag`).toBe(r.reasons.join('\n'));
    expect(tags['promotion.decision'], `version ${r.version}`).toBe(r.promoted ? 'promoted' : 'rejected');
    const { runs } = await mlflow.runs.search({ experimentIds: [experiment.experiment_id], filter: `tags.batch_id = '${r.batch}' AND attributes.start_time >= ${since}`, maxResults: 100 });
    const finished = runs.filter((run) => run.info.status === 'FINISHED');
    expect(finished.map((run) => run.info.run_id), `${r.batch}: finished runs`).toEqual([version?.run_id]);
  }
}

/** The decisions history says, batch by batch, what the DAG runs' summaries say. */
export async function expectDecisionHistory(cycle: IsolatedCycle, rows: readonly CycleRow[]): Promise<void> {
  const decisions = await listDecisions(cycle.clean, cycle.dataset);
  const expected = rows.flatMap((r) => [
    { batch_id: r.batch, kind: r.retrain ? 'train' : 'skip', reasons: r.reasons, deliveries: r.deliveries },
    ...(r.retrain ? [{ batch_id: r.batch, kind: r.promoted ? 'promote' : 'reject', model_version: r.version }] : []),
  ]);
  const drift = (d: (typeof decisions)[number]) => ({ reasons: d.reasons, deliveries: d.details.deliveries });
  expect(decisions.map((d) => ({ batch_id: d.batch_id, kind: d.kind, ...(d.kind === 'train' || d.kind === 'skip' ? drift(d) : { model_version: d.model_version }) }))).toEqual(expected);
  expect(rows[0]?.retrain, 'the first batch trains the baseline').toBe(true);
  expect(rows[0]?.promoted, 'the baseline goes to production').toBe(true);
}

/** The predictor, started cold on the isolated environment, serves the version behind `production`. */
export async function expectPredictorServesProduction(cycle: IsolatedCycle, rows: readonly CycleRow[]): Promise<void> {
  const production = await mlflowOf(cycle).registry.getVersionByAlias(modelNameOf(cycle), PRODUCTION_ALIAS);
  const lastPromoted = rows.filter((r) => r.promoted).at(-1);
  expect(production.version).toBe(lastPromoted?.version);

  const url = await cycle.startPredictor();
  const deadline = Date.now() + 120_000;
  let ready = await fetch(`${url}/ready`);
  while (ready.status !== 200 && Date.now() < deadline) {
    await sleep(500);
    ready = await fetch(`${url}/ready`);
  }
  expect(ready.status).toBe(200);
  const model = await fetch(`${url}/model`);
  expect(model.headers.get('x-model-name')).toBe(modelNameOf(cycle));
  expect(model.headers.get('x-model-version')).toBe(production.version);

  // A row of the last delivery as the data API delivered it, its features only (the predictor refuses other fields).
  const sample = (await cycle.raw.query<{ payload: Record<string, unknown> }>('SELECT payload FROM raw_rows WHERE batch_id = $1 LIMIT 1', [rows.at(-1)?.batch])).rows[0];
  const input = Object.fromEntries(featureColumns(datasets[cycle.dataset]).map((c) => [c.name, sample?.payload[c.name] ?? null]));
  const answer = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const body = (await answer.json()) as { model_name?: string; model_version?: string; prediction?: unknown };
  expect(answer.status, JSON.stringify(body)).toBe(200);
  expect(body).toMatchObject({ model_name: modelNameOf(cycle), model_version: production.version });
  expect(typeof body.prediction).toBe('number');
}

/** The task states of one DAG run, from the tests' Airflow metadata database. */
export async function taskStates(cycle: IsolatedCycle, runId: string): Promise<Record<string, { state: string | null; tries: number }>> {
  const found = await cycle.airflowDb.query<{ task_id: string; state: string | null; try_number: number }>(
    'SELECT task_id, state, try_number FROM task_instance WHERE dag_id = $1 AND run_id = $2',
    [`tabular_ct_${cycle.dataset}`, runId],
  );
  return Object.fromEntries(found.rows.map((r) => [r.task_id, { state: r.state, tries: r.try_number }]));
}

/**
 * The run that found the data API exhausted succeeded and carried the group's latest delivery
 * through the steps of its decision again, every step answering what it stored (the other
 * checks see that no row, decision or version was added).
 */
export async function expectCleanEnd(cycle: IsolatedCycle, runId: string, last: CycleRow | undefined): Promise<void> {
  const run = await cycle.airflowDb.query<{ state: string }>('SELECT state FROM dag_run WHERE dag_id = $1 AND run_id = $2', [`tabular_ct_${cycle.dataset}`, runId]);
  expect(run.rows[0]?.state).toBe('success');
  const states = Object.fromEntries(Object.entries(await taskStates(cycle, runId)).map(([task, s]) => [task, s.state]));
  const retrained = last?.retrain === true;
  expect(states).toEqual({
    collect: 'success',
    batch_arrived: 'success',
    preprocess: 'success',
    drift: 'success',
    retrain: 'success',
    train: retrained ? 'success' : 'skipped',
    promote: retrained ? 'success' : 'skipped',
    skip: retrained ? 'skipped' : 'success',
    summary: 'success',
  });
}
