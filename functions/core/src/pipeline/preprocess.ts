import { type } from 'arktype';
import { datasetNames } from '../datasets/registry.ts';

/** POST /preprocess: turn one RAW batch into CLEAN rows, rejects and a profile. */
export const preprocessRequest = type({
  dataset: type.enumerated(...datasetNames),
  batch_id: /^[a-z0-9]+-g\d+-b\d+$/,
  '+': 'reject',
});
export type PreprocessRequest = typeof preprocessRequest.infer;

export const preprocessResponse = type({
  status: "'processed' | 'already_processed'",
  dataset: 'string',
  batch_id: 'string',
  rows_in: 'number',
  clean: 'number',
  rejected: 'number',
  duplicates: 'number',
  splits: { train: 'number', validation: 'number', test: 'number' },
  /** The most frequent reasons for rejection, with their counts. */
  reject_reasons: type({ field: 'string', reason: 'string', count: 'number' }).array(),
});
export type PreprocessResponse = typeof preprocessResponse.infer;
