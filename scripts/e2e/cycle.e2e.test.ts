import type { DatasetName } from '@tabular-ct/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCycle, runAirflowCycle, type CycleRow } from '../demo/data-cycle.ts';
import {
  expectCleanAccounting,
  expectCleanEnd,
  expectDecisionHistory,
  expectOneVersionPerTraining,
  expectPredictorServesProduction,
  expectRawAccounting,
} from './cycle-checks.ts';
import { prepareIsolatedCycle, type IsolatedCycle } from './isolated-cycle.ts';

// The real DAG, run by real Airflow (`airflow dags test`, one run per batch) against the local
// stack, over every batch of the data API, for each dataset; then what the cycle stored is
// checked against what the runs' summaries said. Each dataset runs in an isolated environment
// (databases, bucket, MLflow names of its own), so the demo's state is neither used nor touched.
describe.each<DatasetName>(['realtor', 'diabetes'])('the %s cycle through Airflow', (dataset) => {
  let cycle: IsolatedCycle;
  let rows: CycleRow[];
  let exhaustedRunId: string;
  let since: number;

  beforeAll(async () => {
    since = Date.now();
    cycle = await prepareIsolatedCycle(dataset, `e2e_${dataset}`);
    const started = Date.now();
    ({ rows, exhaustedRunId } = await runAirflowCycle(cycle.stack.config, cycle.urls, dataset, 1, () => undefined, cycle.airflow));
    console.log(`${dataset} through Airflow: ${rows.length} batches in ${((Date.now() - started) / 1000).toFixed(1)} s\n${formatCycle(rows)}`);
  });

  afterAll(async () => {
    await cycle?.close();
  });

  it('goes through every batch of the data API', () => {
    expect(rows.length).toBe(dataset === 'realtor' ? 6 : 5);
    expect(rows.map((r) => r.batch)).toEqual(rows.map((_, i) => `${dataset}-g1-b${i}`));
  });

  it('stores every collected row once in RAW', async () => {
    await expectRawAccounting(cycle, rows);
  });

  it('accounts for every RAW row in CLEAN: clean, rejected or duplicate', async () => {
    await expectCleanAccounting(cycle, rows);
  });

  it('registers one MLflow version per training decision, with its reasons', async () => {
    await expectOneVersionPerTraining(cycle, rows, since);
  });

  it('records the decisions history the runs reported', async () => {
    await expectDecisionHistory(cycle, rows);
  });

  it('ends with a run that found the data API exhausted and succeeded, the rest skipped', async () => {
    await expectCleanEnd(cycle, exhaustedRunId);
  });

  it('serves the production version from a predictor started cold', async () => {
    await expectPredictorServesProduction(cycle, rows);
  });
});
