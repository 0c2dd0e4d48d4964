import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restartDataApi, rowFromSummary, type CycleRow } from '../demo/data-cycle.ts';
import { migrateAirflow, runCycleDag } from '../stack/airflow.ts';
import { stopService } from '../stack/service.ts';
import { expectCleanAccounting, expectDecisionHistory, expectOneVersionPerTraining, expectRawAccounting, mlflowOf, modelNameOf, taskStates } from './cycle-checks.ts';
import { prepareIsolatedCycle, serviceName, type IsolatedCycle } from './isolated-cycle.ts';

// A function dies with SIGKILL while Airflow's task waits for its answer, and comes back as
// Knative would bring it back (a new process on the same address). The task's retry must
// complete the run, and the function's idempotence must keep everything written once.
// `airflow dags test` honours retries (Airflow 3.3.2: a failed try goes up_for_retry and its
// loop runs it again once retry_delay has passed), so the real DAG is run as in the other tests,
// with the first pause shortened to 2 s.

const DATASET = 'diabetes';
const GROUP = 1;

/** Open TCP connections accepted on a local port, from /proc (Linux; the local stack is Linux-only). */
async function acceptedConnections(port: number): Promise<number> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let n = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      // 01 is ESTABLISHED; the server's end of a connection has the listening port as its local port.
      if (state === '01' && local?.endsWith(`:${hexPort}`)) n++;
    }
  }
  return n;
}

/**
 * Waits until Airflow's call reaches the function (a connection to its port is open: nothing
 * else talks to it), lets the request start, then kills the function's process group with
 * SIGKILL and starts it again.
 */
async function killOnRequest(cycle: IsolatedCycle, fn: 'preprocess' | 'train', run: Promise<unknown>, since: Date): Promise<void> {
  const port = Number(new URL(cycle.urls[fn]).port);
  let finished = false;
  void run.finally(() => (finished = true)).catch(() => undefined);
  const waitFor = async (what: string, condition: () => Promise<boolean>): Promise<void> => {
    while (!(await condition())) {
      if (finished) throw new Error(`the DAG run ended before ${what}`);
      await sleep(20);
    }
  };
  // First Airflow's task, so that no earlier connection (a health check's) is taken for its call.
  await waitFor(`its ${fn} task ran`, async () => {
    const running = await cycle.airflowDb.query(
      "SELECT 1 FROM task_instance WHERE dag_id = $1 AND task_id = $2 AND state = 'running' AND start_date >= $3",
      [`tabular_ct_${DATASET}`, fn, since],
    );
    return (running.rowCount ?? 0) > 0;
  });
  await waitFor(`${fn} was called`, async () => (await acceptedConnections(port)) > 0);
  // The body is on its way: the handler is reading or working when the process dies.
  await sleep(200);
  expect(await acceptedConnections(port), `${fn} still answering its request when killed`).toBeGreaterThan(0);
  await stopService(serviceName(fn), 'SIGKILL');
  await cycle.ensureFunctions();
}

describe('a function killed during a DAG run', () => {
  let cycle: IsolatedCycle;
  const rows: CycleRow[] = [];
  let since: number;

  beforeAll(async () => {
    since = Date.now();
    cycle = await prepareIsolatedCycle(DATASET, 'e2e_kill', { airflowEnv: { TABULAR_CT_RETRY_DELAY_SECONDS: '2' } });
    await migrateAirflow(cycle.stack.config, cycle.urls, DATASET, cycle.airflow);
    await restartDataApi(cycle.urls.datasource, GROUP);
  });

  afterAll(async () => {
    await cycle?.close();
  });

  it.each(['train', 'preprocess'] as const)('%s killed mid-request: the task retries and the run completes', async (fn) => {
    const started = new Date();
    const run = runCycleDag(cycle.stack.config, cycle.urls, DATASET, GROUP, cycle.airflow);
    await killOnRequest(cycle, fn, run, started);
    const outcome = await run;
    expect(outcome.summary, 'a batch went through').toBeDefined();
    if (outcome.summary) rows.push(rowFromSummary(outcome.summary));

    const states = await taskStates(cycle, outcome.runId);
    expect(states[fn]?.state).toBe('success');
    expect(states[fn]?.tries, `${fn} was tried again`).toBeGreaterThanOrEqual(2);
    for (const [task, s] of Object.entries(states)) if (task !== fn) expect(s.tries, `${task} ran once`).toBeLessThanOrEqual(1);
  });

  it('wrote nothing twice: RAW and CLEAN rows, decisions, MLflow runs and versions', async () => {
    expect(rows.map((r) => r.batch)).toEqual([`${DATASET}-g${GROUP}-b0-d1`, `${DATASET}-g${GROUP}-b1-d2`]);
    expect(rows[0]?.retrain, 'the first batch trains: train was killed during a real training').toBe(true);
    await expectRawAccounting(cycle, rows);
    await expectCleanAccounting(cycle, rows);
    await expectDecisionHistory(cycle, rows);
    await expectOneVersionPerTraining(cycle, rows, since);
    // A run cut short by the kill is marked failed by the retry, never left running.
    const mlflow = mlflowOf(cycle);
    const experiment = await mlflow.experiments.getByName(modelNameOf(cycle));
    const { runs } = await mlflow.runs.search({ experimentIds: [experiment.experiment_id], filter: `attributes.start_time >= ${since}`, maxResults: 100 });
    expect(runs.filter((r) => r.info.status === 'RUNNING')).toEqual([]);
  });
});
