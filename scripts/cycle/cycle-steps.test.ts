import { describe, expect, it } from 'vitest';
import { runRound, type CycleStep } from './cycle-steps.ts';

const BATCH = 'realtor-g1-b0-d1';
const answers = {
  collect: {
    status: 'collected',
    dataset: 'realtor',
    group_number: 1,
    batch_id: BATCH,
    batch_number: 0,
    deliveries: [{ status: 'collected', batch_id: BATCH, batch_number: 0, delivery: 1, rows: 10, payload_sha256: 'ab', archive_key: 'k' }],
    end_of_data: false,
  },
  preprocess: {
    status: 'processed',
    dataset: 'realtor',
    batch_id: BATCH,
    deliveries: [{ batch_id: BATCH, rows_in: 10, clean: 9, rejected: 1, duplicates: 0 }],
    rows_in: 10,
    clean: 9,
    rejected: 1,
    duplicates: 0,
    splits: { train: 7, validation: 1, test: 1 },
    reject_reasons: [],
  },
  drift: {
    status: 'evaluated',
    dataset: 'realtor',
    batch_id: BATCH,
    deliveries: [BATCH],
    retrain: true,
    reasons: ['no model is in production yet'],
    report: { dataset: 'realtor', batch_id: BATCH, reference: { rows: 0 }, current: { rows: 9 }, columns: [], dataset_drift: { drifted_share: 0, threshold: 0.5, drifted: false } },
  },
  train: {
    status: 'trained',
    dataset: 'realtor',
    batch_id: BATCH,
    model_name: 'm',
    version: '1',
    run_id: 'r',
    metrics: { validation: {}, test: {} },
    data: { rows: { train: 7, validation: 1, test: 1 }, digest: 'd', location: 's3://b/k' },
    params: {},
  },
  promote: { status: 'decided', dataset: 'realtor', model_name: 'm', version: '1', promoted: true, rule: 'r', reason: 'first', metric: 'rmse', heldout_rows: 1 },
};

/** A fake of the functions: records each call and answers from `given`. */
function recorder(given: Partial<Record<CycleStep, unknown>>) {
  const calls: Array<[CycleStep, unknown]> = [];
  const call = (step: CycleStep, body: unknown): Promise<unknown> => {
    calls.push([step, body]);
    return Promise.resolve(given[step]);
  };
  return { calls, call };
}

const settings = { dataset: 'realtor', sourceUrl: 'http://datasource:8080', group: 1, calls: 2 } as const;

describe('a round of the cycle', () => {
  it('trains on drift, with the decision\'s batch and reasons, then promotes the version trained', async () => {
    const { calls, call } = recorder(answers);
    const round = await runRound(settings, call);
    expect(calls).toEqual([
      ['collect', { dataset: 'realtor', source_url: 'http://datasource:8080', group_number: 1, calls: 2 }],
      ['preprocess', { dataset: 'realtor', batch_id: BATCH }],
      ['drift', { dataset: 'realtor', batch_id: BATCH }],
      ['train', { dataset: 'realtor', batch_id: BATCH, reasons: ['no model is in production yet'] }],
      ['promote', { dataset: 'realtor', version: '1' }],
    ]);
    expect(round?.promote?.promoted).toBe(true);
  });

  it('stops after drift when it says no', async () => {
    const { calls, call } = recorder({ ...answers, drift: { ...answers.drift, retrain: false } });
    const round = await runRound(settings, call);
    expect(calls.map(([step]) => step)).toEqual(['collect', 'preprocess', 'drift']);
    expect(round?.train).toBeUndefined();
  });

  it('is undefined when the data API is exhausted', async () => {
    const { calls, call } = recorder({ collect: { status: 'exhausted', dataset: 'realtor', group_number: 1, deliveries: [], end_of_data: true } });
    expect(await runRound(settings, call)).toBeUndefined();
    expect(calls).toHaveLength(1);
  });

  it('refuses an answer outside its step\'s type, naming the field', async () => {
    const { call } = recorder({ ...answers, drift: { ...answers.drift, retrain: 'yes' } });
    await expect(runRound(settings, call)).rejects.toThrow(/retrain must be boolean/);
  });
});
