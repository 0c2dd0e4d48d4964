import type { DatasetName } from '@tabular-ct/core';
import { createPool, ensureDatabases, type Pool } from '@tabular-ct/platform';
import { cycleStepNames, type CycleStep } from '../cycle/cycle-steps.ts';
import { cycleUrls, type AirflowOptions, type CycleUrls } from '../stack/airflow.ts';
import { startFunctions } from '../stack/functions.ts';
import { isolatedStackEnv } from '../stack/isolated-env.ts';
import { stopService } from '../stack/service.ts';
import { startStack, type RunningStack } from '../stack/stack.ts';
import { pgUrl } from '../stack/stack-config.ts';

/** Service names and ports of the end-to-end tests' functions: `e2e-<function>` on 82xx, beside the demo's 81xx. */
const E2E_FUNCTIONS = { prefix: 'e2e', portOffset: 100 } as const;

// Airflow's runs of the tests stay out of the demo's metadata database; it is kept between
// runs because migrating a fresh one takes most of a minute.
const AIRFLOW_DATABASE = 'airflow_e2e';

const servingFunctions = ['predict', 'explain', 'history'] as const;
type ServingFunction = (typeof servingFunctions)[number];

/** One dataset's cycle on the shared stack, in an isolated environment, with its functions running. */
export interface IsolatedCycle {
  stack: RunningStack;
  dataset: DatasetName;
  /** The functions' environment: the isolated databases, bucket and MLflow names. */
  env: Record<string, string>;
  urls: CycleUrls;
  airflow: AirflowOptions;
  /** Pools on the isolated RAW and CLEAN and on the tests' Airflow metadata. */
  raw: Pool;
  clean: Pool;
  airflowDb: Pool;
  /** Starts the cycle's functions that are not running (a supervisor's restart), reusing the others. */
  ensureFunctions(): Promise<void>;
  /** Starts the predictor on the isolated environment; returns its URL. */
  startPredictor(): Promise<string>;
  /** Starts the web UI's functions (predict, explain, history) on the isolated environment; returns their URLs. */
  startServing(): Promise<Record<ServingFunction, string>>;
  /** Stops every function this cycle started and closes the pools. */
  close(): Promise<void>;
}

export const serviceName = (fn: string): string => `${E2E_FUNCTIONS.prefix}-${fn}`;

/** How a cycle's Airflow runs and its data API simulator differ from the defaults. */
interface CycleOptions {
  /** More variables for Airflow and the DAG. */
  airflowEnv?: Record<string, string>;
  /** More variables for the simulator (its mode: see scripts/demo/api-mode.ts). */
  datasourceEnv?: Record<string, string>;
  /** Calls of the data API per DAG run. */
  deliveriesPerRun?: number;
}

/**
 * Prepares `isolatedStackEnv(name)` and starts the data API simulator and the cycle's
 * functions on it. Functions left by an earlier, interrupted run are stopped first: they
 * would be reused with whatever environment they had.
 */
export async function prepareIsolatedCycle(dataset: DatasetName, name: string, options: CycleOptions = {}): Promise<IsolatedCycle> {
  const stack = await startStack();
  const leftovers = [...cycleStepNames, ...servingFunctions, `datasource-${dataset}`];
  for (const fn of leftovers) await stopService(serviceName(fn));
  const env = await isolatedStackEnv(stack, name);
  await ensureDatabases(pgUrl(stack.config, 'postgres'), [AIRFLOW_DATABASE]);

  const stops: Array<() => Promise<void>> = [];
  const start = async (names: readonly (CycleStep | ServingFunction)[]) => {
    const set = await startFunctions(env, dataset, names, { ...E2E_FUNCTIONS, ...(options.datasourceEnv ? { datasourceEnv: options.datasourceEnv } : {}) });
    stops.push(set.stop);
    return set.functions;
  };
  const functions = await start(cycleStepNames);
  const url = (fn: string): string => functions.find((f) => f.name === serviceName(fn))?.url ?? '';
  const urls = cycleUrls(url(`datasource-${dataset}`), url);
  const raw = createPool(env.RAW_DATABASE_URL ?? '');
  const clean = createPool(env.CLEAN_DATABASE_URL ?? '');
  const airflowDb = createPool(pgUrl(stack.config, AIRFLOW_DATABASE));
  return {
    stack,
    dataset,
    env,
    urls,
    airflow: { database: AIRFLOW_DATABASE, env: options.airflowEnv ?? {}, ...(options.deliveriesPerRun ? { deliveriesPerRun: options.deliveriesPerRun } : {}) },
    raw,
    clean,
    airflowDb,
    ensureFunctions: async () => {
      await start(cycleStepNames);
    },
    startPredictor: async () => (await start(['predict'])).find((f) => f.name === serviceName('predict'))?.url ?? '',
    startServing: async () => {
      const started = await start(servingFunctions);
      const at = (fn: ServingFunction): string => started.find((f) => f.name === serviceName(fn))?.url ?? '';
      return { predict: at('predict'), explain: at('explain'), history: at('history') };
    },
    close: async () => {
      for (const stop of stops.reverse()) await stop();
      await Promise.all([raw.end(), clean.end(), airflowDb.end()]);
    },
  };
}
