import { collectRequest, collectResponse, driftRequest, driftResponse, preprocessRequest, preprocessResponse, promoteRequest, promoteResponse, trainRequest, trainResponse } from '@tabular-ct/core';

/**
 * The cycle's steps in the order a round calls them, each with the types of its request and
 * answer in core. The DAG (dags/tabular_ct_cycle.py) calls the same steps; its contracts in
 * dags/contracts/ are generated from these types (docs/airflow.md).
 */
export const cycleSteps = {
  collect: { request: collectRequest, response: collectResponse },
  preprocess: { request: preprocessRequest, response: preprocessResponse },
  drift: { request: driftRequest, response: driftResponse },
  train: { request: trainRequest, response: trainResponse },
  promote: { request: promoteRequest, response: promoteResponse },
} as const;
export type CycleStep = keyof typeof cycleSteps;
export const cycleStepNames = Object.keys(cycleSteps) as CycleStep[];
