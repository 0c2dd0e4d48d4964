import { type } from 'arktype';
import { batchRequest } from './batch-id.ts';

/**
 * POST /preprocess: turn a RAW delivery into CLEAN rows, rejects and a profile, after every
 * earlier delivery of its group that RAW holds and CLEAN does not yet (a DAG run that failed
 * after collecting leaves those behind; they are processed first, in delivery order).
 */
export const preprocessRequest = batchRequest;
export type PreprocessRequest = typeof preprocessRequest.infer;

/** One delivery's accounting: rows in = clean + rejected + duplicates. */
const deliveryCounts = type({
  batch_id: 'string',
  rows_in: 'number',
  clean: 'number',
  rejected: 'number',
  /** Rows that repeat a row CLEAN holds (an overlapping sample of a time-windowed API, or a repeated record). */
  duplicates: 'number',
});

/** The counts are totals over `deliveries`: the requested one and the earlier ones processed with it. */
export const preprocessResponse = type({
  status: "'processed' | 'already_processed'",
  dataset: 'string',
  batch_id: 'string',
  deliveries: deliveryCounts.array(),
  rows_in: 'number',
  clean: 'number',
  rejected: 'number',
  duplicates: 'number',
  splits: { train: 'number', validation: 'number', test: 'number' },
  /** The most frequent reasons for rejection, with their counts. */
  reject_reasons: type({ field: 'string', reason: 'string', count: 'number' }).array(),
});
export type PreprocessResponse = typeof preprocessResponse.infer;
