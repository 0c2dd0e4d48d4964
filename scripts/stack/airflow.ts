import type { DatasetName } from '@tabular-ct/core';
import path from 'node:path';
import { LOCAL_PIPELINE_TOKEN } from './functions.ts';
import { paths, repoRoot } from './paths.ts';
import { venvBin } from './python-env.ts';
import { runCommand } from './run-command.ts';
import { pgUrl, type StackConfig } from './stack-config.ts';

/** Where the functions listen, as the DAG's HTTP connections need them. */
export interface CycleUrls {
  datasource: string;
  collect: string;
  preprocess: string;
  drift: string;
  train: string;
  promote: string;
}

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
  const conn = (name: keyof CycleUrls): [string, string] => [`AIRFLOW_CONN_TABULAR_CT_${name.toUpperCase()}`, `${urls[name]}${auth}`];
  return {
    ...(process.env as Record<string, string>),
    AIRFLOW_HOME: paths.airflowHome,
    AIRFLOW__CORE__DAGS_FOLDER: path.join(repoRoot, 'dags'),
    AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
    // psycopg2 for the sync engine (the lock installs it); Airflow derives the async one (asyncpg).
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: pgUrl(config, options.database ?? 'airflow').replace(/^postgresql:/, 'postgresql+psycopg2:'),
    [`TABULAR_CT_${dataset.toUpperCase()}_DATA_API_URL`]: urls.datasource,
    ...Object.fromEntries((['collect', 'preprocess', 'drift', 'train', 'promote'] as const).map(conn)),
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
  /** What the run's summary task printed, when a delivery went through the steps. */
  summary?: Record<string, unknown>;
}

/**
 * One run of the dataset's DAG with real Airflow (`airflow dags test`: in process, no
 * scheduler), for the given group; returns what it did, read from the summary task's log line.
 */
export async function runCycleDag(config: StackConfig, urls: CycleUrls, dataset: DatasetName, group: number, options: AirflowOptions = {}): Promise<DagRunOutcome> {
  const conf = { group_number: group, ...(options.deliveriesPerRun ? { deliveries_per_run: options.deliveriesPerRun } : {}) };
  const output = await runCommand(venvBin('airflow'), ['dags', 'test', `tabular_ct_${dataset}`, '--conf', JSON.stringify(conf)], {
    label: 'airflow',
    quiet: true,
    env: airflowEnv(config, urls, dataset, options),
  });
  if (!/DagRun Finished: .*state=success/.test(output)) throw new Error(`the DAG run did not succeed:\n${output.slice(-3000)}`);
  const runId = /DagRun Finished: .*?run_id=([^,\s]+)/.exec(output)?.[1] ?? '';
  const line = output.split('\n').find((l) => l.includes('TABULAR_CT_SUMMARY '));
  if (!line) return { runId, exhausted: /nothing to do/.test(output) };
  const summary = JSON.parse(line.slice(line.indexOf('TABULAR_CT_SUMMARY ') + 'TABULAR_CT_SUMMARY '.length)) as Record<string, unknown>;
  return { runId, exhausted: summary.collect_status === 'exhausted', summary };
}
