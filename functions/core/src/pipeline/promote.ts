import { type } from 'arktype';
import { datasetNames } from '../datasets/registry.ts';

/** POST /promote: challenger against champion on the same held-out rows; move `production` if it wins. */
export const promoteRequest = type({
  dataset: type.enumerated(...datasetNames),
  version: /^\d+$/,
  '+': 'reject',
});
export type PromoteRequest = typeof promoteRequest.infer;

export const promoteResponse = type({
  status: "'decided' | 'already_decided'",
  dataset: 'string',
  model_name: 'string',
  version: 'string',
  promoted: 'boolean',
  rule: 'string',
  reason: 'string',
  'champion_version?': 'string',
  /** The metric compared (lower is better) and both models' values on the held-out rows. */
  metric: 'string',
  'challenger_metric?': 'number',
  'champion_metric?': 'number',
  'difference?': { estimate: 'number', lower: 'number', upper: 'number' },
  heldout_rows: 'number',
});
export type PromoteResponse = typeof promoteResponse.infer;
