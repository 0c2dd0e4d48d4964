import { cycleSummary, type CycleSummary, type DatasetName } from '@tabular-ct/core';
import { createPool } from '@tabular-ct/platform';
import path from 'node:path';
import { cycleStepNames, type CycleStep } from '../cycle/cycle-steps.ts';
import { LOCAL_PIPELINE_TOKEN } from './functions.ts';
import { paths, repoRoot } from './paths.ts';
import { venvBin } from './python-env.ts';
import { runCommand } from './run-command.ts';
import { pgUrl, type StackConfig } from './stack-config.ts';

/** Where the data API and the cycle's functions listen, as the DAG's HTTP connections need them. */
export type CycleUrls = Record<CycleStep | 'datasource', string>;

/** The URLs of the data API and of each step, the latter named by `url`. */
export const cycleUrls = (datasource: string, url: (step: CycleStep) => string): CycleUrls =>
  ({ datasource, ...Object.fromEntries(cycleStepNames.map((step) => [step, url(step)])) }) as CycleUrls;

/** Where a caller's Airflow runs differ from the demo's. */
export interface AirflowOptions {
  /** Airflow's metadata database on the stack's PostgreSQL (default `airflow`): a test's runs stay apart from the demo's. */
  database?: string;
  /** More variables for Airflow and the DAG (a test shortens TABULAR_CT_RETRY_DELAY_SECONDS). */
  env?: Record<string, string>;
  /** The DAG's `deliveries_per_run`: calls of the data API per run (several for a time-windowed API). */
  deliveriesPerRun?: number;
}

/** Airflow on the stack: metadata in PostgreSQL's `airflow` database, our DAGs, connections to the functions. */
function airflowEnv(config: StackConfig, urls: CycleUrls, dataset: DatasetName, options: AirflowOptions): Record<string, string> {
  // Airflow's HTTP hook sends a connection's extra fields as headers, and a URI's query is its extra.
  const auth = `?Authorization=${encodeURIComponent(`Bearer ${LOCAL_PIPELINE_TOKEN}`)}`;
  const conn = (name: CycleStep): [string, string] => [`AIRFLOW_CONN_TABULAR_CT_${name.toUpperCase()}`, `${urls[name]}${auth}`];
  return {
    ...(process.env as Record<string, string>),
    AIRFLOW_HOME: paths.airflowHome,
    AIRFLOW__CORE__DAGS_FOLDER: path.join(repoRoot, 'dags'),
    AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
    // psycopg2 for the sync engine (the lock installs it); Airflow derives the async one (asyncpg).
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: pgUrl(config, options.database ?? 'airflow').replace(/^postgresql:/, 'postgresql+psycopg2:'),
    [`TABULAR_CT_${dataset.toUpperCase()}_DATA_API_URL`]: urls.datasource,
    ...Object.fromEntries(cycleStepNames.map(conn)),
    ...options.env,
  };
}

/** Creates or upgrades Airflow's metadata schema (idempotent). */
export async function migrateAirflow(config: StackConfig, urls: CycleUrls, dataset: DatasetName, options: AirflowOptions = {}): Promise<void> {
  await runCommand(venvBin('airflow'), ['db', 'migrate'], { label: 'airflow', quiet: true, env: airflowEnv(config, urls, dataset, options) });
}

interface DagRunOutcome {
  /** Airflow's id of the run (`manual__<time>`), to find its task instances. */
  runId: string;
  /** The data API had no batch left: the run only checked the group's latest delivery, or ended skipped when it had none. */
  exhausted: boolean;
  /** The summary task's return value, when a delivery went through the steps. */
  summary?: CycleSummary;
}

/**
 * The return value (XCom) of a run's summary task, or undefined when the run skipped it.
 * `airflow dags test` runs no API server, so this reads the row the REST API's
 * xcomEntries/return_value would serve, from the metadata database, where it is JSON.
 */
async function summaryOf(config: StackConfig, database: string, dagId: string, runId: string): Promise<CycleSummary | undefined> {
  const pool = createPool(pgUrl(config, database));
  try {
    const { rows } = await pool.query<{ value: unknown }>(
      "SELECT value FROM xcom WHERE dag_id = $1 AND run_id = $2 AND task_id = 'summary' AND key = 'return_value' AND map_index = -1",
      [dagId, runId],
    );
    return rows[0]?.value == null ? undefined : cycleSummary.assert(rows[0].value);
  } finally {
    await pool.end();
  }
}

/**
 * One run of the dataset's DAG with real Airflow (`airflow dags test`: in process, no
 * scheduler), for the given group; returns what it did, from the summary task's return value.
 */
export async function runCycleDag(config: StackConfig, urls: CycleUrls, dataset: DatasetName, group: number, options: AirflowOptions = {}): Promise<DagRunOutcome> {
  const conf = { group_number: group, ...(options.deliveriesPerRun ? { deliveries_per_run: options.deliveriesPerRun } : {}) };
  const dagId = `tabular_ct_${dataset}`;
  const output = await runCommand(venvBin('airflow'), ['dags', 'test', dagId, '--conf', JSON.stringify(conf)], {
    label: 'airflow',
    quiet: true,
    env: airflowEnv(config, urls, dataset, options),
  });
  if (!/DagRun Finished: .*state=success/.test(output)) throw new Error(`the DAG run did not succeed:\n${output.slice(-3000)}`);
  const runId = /DagRun Finished: .*?run_id=([^,\s]+)/.exec(output)?.[1];
  if (!runId) throw new Error(`the DAG run's id is not in airflow's output:\n${output.slice(-3000)}`);
  const summary = await summaryOf(config, options.database ?? 'airflow', dagId, runId);
  if (summary) return { runId, exhausted: summary.collect_status === 'exhausted', summary };
  // A successful run skips its summary only when nothing was ever collected (batch_arrived says
  // so); any other run without one is answered as such by the caller, not taken for the end.
  return { runId, exhausted: /nothing to do/.test(output) };
}
