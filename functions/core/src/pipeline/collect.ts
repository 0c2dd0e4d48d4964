import { type } from 'arktype';
import { datasetNames } from '../datasets/registry.ts';

/** POST /collect: fetch the next batch of a group from a data API into RAW. */
export const collectRequest = type({
  dataset: type.enumerated(...datasetNames),
  source_url: 'string.url',
  group_number: '1 <= number.integer <= 100',
  'day?': "'Tuesday' | 'Wednesday'",
  '+': 'reject',
});
export type CollectRequest = typeof collectRequest.infer;

/** What collect did: a new batch, one it already had, or the end of the data. */
export const collectResponse = type({
  status: "'collected' | 'already_collected' | 'exhausted'",
  dataset: 'string',
  group_number: 'number',
  'batch_id?': 'string',
  'batch_number?': 'number',
  'rows?': 'number',
  'payload_sha256?': 'string',
  'archive_key?': 'string',
  /** True when the batch came from the archive of an earlier attempt that crashed before committing. */
  'recovered?': 'boolean',
  'detail?': 'string',
});
export type CollectResponse = typeof collectResponse.infer;

/** The course API's answer to GET /data: the shape collect accepts, checked before anything is written. */
export const dataApiBatch = type({
  group_number: 'number',
  batch_number: 'number.integer >= 0',
  data: type({ '[string]': 'unknown' }).array(),
});
export type DataApiBatch = typeof dataApiBatch.infer;

/** The course API's words when every batch has been delivered. */
export const EXHAUSTED_DETAIL = 'Ya se recolectó toda la información mínima necesaria';
