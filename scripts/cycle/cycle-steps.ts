import { collectRequest, collectResponse, driftRequest, driftResponse, preprocessRequest, preprocessResponse, promoteRequest, promoteResponse, trainRequest, trainResponse, type DatasetName } from '@tabular-ct/core';

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

/** What a round is asked for: the dataset, the data API and group to collect from, and its calls per round. */
interface RoundSettings {
  dataset: DatasetName;
  sourceUrl: string;
  group: number;
  calls: number;
}

/** Sends a step its request and returns its JSON answer, over HTTP or in process. */
export type CallStep = (step: CycleStep, body: unknown) => Promise<unknown>;

type Answer<S extends CycleStep> = (typeof cycleSteps)[S]['response']['infer'];

/** The answers of one round; train and promote only when drift decided to retrain. */
export type RoundAnswers = { [S in 'collect' | 'preprocess' | 'drift']: Answer<S> } & { [S in 'train' | 'promote']?: Answer<S> };

async function call<S extends CycleStep>(callStep: CallStep, step: S, body: (typeof cycleSteps)[S]['request']['inferIn']): Promise<Answer<S>> {
  return cycleSteps[step].response.assert(await callStep(step, body));
}

/**
 * One round of the cycle, as a DAG run makes it: collect, preprocess and drift with the
 * latest delivery; train and promote when drift says so. Undefined when collect found the
 * data API exhausted. Every answer is checked against its step's response type.
 */
export async function runRound(s: RoundSettings, callStep: CallStep): Promise<RoundAnswers | undefined> {
  const dataset = s.dataset;
  const collect = await call(callStep, 'collect', { dataset, source_url: s.sourceUrl, group_number: s.group, calls: s.calls });
  if (collect.status === 'exhausted') return undefined;
  const batch_id = collect.batch_id ?? '';
  const preprocess = await call(callStep, 'preprocess', { dataset, batch_id });
  const drift = await call(callStep, 'drift', { dataset, batch_id });
  if (!drift.retrain) return { collect, preprocess, drift };
  // The delivery the decision was made for: a replayed delivery may have been decided with a later one.
  const train = await call(callStep, 'train', { dataset, batch_id: drift.batch_id, reasons: drift.reasons });
  const promote = await call(callStep, 'promote', { dataset, version: train.version });
  return { collect, preprocess, drift, train, promote };
}
