import { type } from 'arktype';
import { datasetNames } from '../datasets/registry.ts';
import { WEEKDAYS } from '../datasource/course-api.ts';

/**
 * Calls one collect request may make. A time-windowed data API answers each call in a
 * window with another sample of the batch (about a tenth of it in the released code), so a
 * run calls it several times; 20 calls cover all but 0.9^20 = 12% of a batch at a tenth each.
 */
export const MAX_CALLS_PER_COLLECT = 20;

/**
 * POST /collect: call a data API `calls` times (default 1), back to back, and store each
 * answer in RAW as a delivery.
 */
export const collectRequest = type({
  dataset: type.enumerated(...datasetNames),
  source_url: 'string.url',
  group_number: '1 <= number.integer <= 100',
  'day?': type.enumerated(...WEEKDAYS),
  'calls?': `1 <= number.integer <= ${MAX_CALLS_PER_COLLECT}`,
  '+': 'reject',
});
export type CollectRequest = typeof collectRequest.infer;

/** One answer of the data API as RAW holds it: new, or one RAW already had with the same content. */
const delivery = type({
  status: "'collected' | 'already_collected'",
  batch_id: 'string',
  batch_number: 'number',
  /** The group's count of distinct answers, from 1, in the order they arrived. */
  delivery: 'number',
  rows: 'number',
  payload_sha256: 'string',
  archive_key: 'string',
  /** True when the answer came from the archive of an earlier attempt that crashed before committing. */
  'recovered?': 'boolean',
});
export type CollectedDelivery = typeof delivery.infer;

/**
 * What collect did. `status` is `collected` when any answer was new, `already_collected`
 * when every answer was one RAW holds (a retry), `exhausted` when the first call met the end
 * of the data. The top-level batch fields are those of the latest delivery (the highest
 * delivery number): the one the next steps are called with, which take up every earlier one;
 * with `exhausted`, the group's latest delivery in RAW (absent when it has none), so that a
 * run can finish what an earlier run left undone. `deliveries` lists every answer of this
 * request in the order of the calls.
 */
export const collectResponse = type({
  status: "'collected' | 'already_collected' | 'exhausted'",
  dataset: 'string',
  group_number: 'number',
  'batch_id?': 'string',
  'batch_number?': 'number',
  'delivery?': 'number',
  'rows?': 'number',
  'payload_sha256?': 'string',
  'archive_key?': 'string',
  'recovered?': 'boolean',
  deliveries: delivery.array(),
  /** The data API answered that every batch has been delivered (on this request's first call or a later one). */
  end_of_data: 'boolean',
  'detail?': 'string',
});
export type CollectResponse = typeof collectResponse.infer;

/** The course API's answer to GET /data: the shape collect accepts, checked before anything is written. */
export const dataApiBatch = type({
  group_number: 'number',
  'day?': 'string',
  batch_number: 'number.integer >= 0',
  data: type({ '[string]': 'unknown' }).array(),
});
export type DataApiBatch = typeof dataApiBatch.infer;
