import type { DatasetName } from '@tabular-ct/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiModeSettings, datasourceEnv, type ApiMode } from '../demo/api-mode.ts';
import { formatCycle, restartDataApi, runAirflowCycle, type CycleRow } from '../demo/data-cycle.ts';
import {
  expectCleanAccounting,
  expectCleanEnd,
  expectDeliveriesAndDistinctRows,
  expectDecisionHistory,
  expectOneVersionPerTraining,
  expectPredictorServesProduction,
  expectRawAccounting,
} from './cycle-checks.ts';
import { prepareIsolatedCycle, type IsolatedCycle } from './isolated-cycle.ts';

// The real DAG, run by real Airflow (`airflow dags test`, one run per decision) against the local
// stack, over every batch of the data API, for each dataset and for realtor also against a
// time-windowed data API (a short window, three calls per run, each answer half the batch);
// then what the cycle stored is checked against what the runs' summaries and the simulator
// said. Each cycle runs in an isolated environment (databases, bucket, MLflow names of its
// own), so the demo's state is neither used nor touched.
describe.each<[DatasetName, ApiMode]>([
  ['realtor', 'cursor'],
  ['diabetes', 'cursor'],
  ['realtor', 'window'],
])('the %s cycle through Airflow, against a %s data API', (dataset, mode) => {
  const api = apiModeSettings(mode);
  let cycle: IsolatedCycle;
  let rows: CycleRow[];
  let exhaustedRunId: string;
  let since: number;

  beforeAll(async () => {
    since = Date.now();
    cycle = await prepareIsolatedCycle(dataset, `e2e_${dataset}_${mode}`, { datasourceEnv: datasourceEnv(api), deliveriesPerRun: api.deliveriesPerRun });
    const started = Date.now();
    await restartDataApi(cycle.urls.datasource, 1);
    ({ rows, exhaustedRunId } = await runAirflowCycle(cycle.stack.config, cycle.urls, dataset, 1, () => undefined, cycle.airflow));
    console.log(`${dataset} (${mode} API) through Airflow: ${rows.length} runs in ${((Date.now() - started) / 1000).toFixed(1)} s\n${formatCycle(rows)}`);
  });

  afterAll(async () => {
    await cycle?.close();
  });

  it('goes through every batch of the data API, each run deciding on its own deliveries', () => {
    expect(rows.length).toBe(dataset === 'realtor' ? 6 : 5);
    // Each run's calls all fall in one window (they take well under its 5 s), and a run takes longer than the window.
    const k = api.deliveriesPerRun;
    expect(rows.map((r) => r.deliveries)).toEqual(rows.map((_, i) => Array.from({ length: k }, (_, j) => `${dataset}-g1-b${i}-d${i * k + j + 1}`)));
    expect(rows.map((r) => r.batch)).toEqual(rows.map((r) => r.deliveries.at(-1)));
  });

  it('stores every collected row once in RAW', async () => {
    await expectRawAccounting(cycle, rows);
  });

  it('accounts for every RAW row in CLEAN: clean, rejected or duplicate', async () => {
    await expectCleanAccounting(cycle, rows);
  });

  it('stores one delivery per answer of the data API, and each distinct row once', async () => {
    await expectDeliveriesAndDistinctRows(cycle, mode === 'window');
  });

  it('registers one MLflow version per training decision, with its reasons', async () => {
    await expectOneVersionPerTraining(cycle, rows, since);
  });

  it('records the decisions history the runs reported', async () => {
    await expectDecisionHistory(cycle, rows);
  });

  it('ends with a run that found the data API exhausted and carried the last delivery through its steps again, writing nothing', async () => {
    await expectCleanEnd(cycle, exhaustedRunId, rows.at(-1));
  });

  it('serves the production version from a predictor started cold', async () => {
    await expectPredictorServesProduction(cycle, rows);
  });
});
