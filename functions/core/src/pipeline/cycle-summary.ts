import { type } from 'arktype';

/**
 * What one run of the cycle's DAG decided, the return value (XCom) of its `summary` task:
 * read by the demo and the end-to-end tests, and checked against the DAG by its own tests
 * (dags/contracts/summary.json is generated from this type). The promotion fields are null
 * when the run did not train.
 */
export const cycleSummary = type({
  /** collect's status; `exhausted`: no new delivery, the run checked the group's latest one. */
  collect_status: "'collected' | 'already_collected' | 'exhausted'",
  end_of_data: 'boolean',
  /** The delivery the decision was made for, and its batch number. */
  batch_id: 'string',
  batch_number: 'number',
  /** The deliveries the decision covered, and those this run's calls of the data API answered. */
  deliveries: 'string[]',
  collected: 'string[]',
  rows: 'number',
  clean: 'number',
  rejected: 'number',
  duplicates: 'number',
  retrain: 'boolean',
  reasons: 'string[]',
  version: 'string | null',
  metric: 'string | null',
  challenger_metric: 'number | null',
  champion_metric: 'number | null',
  promoted: 'boolean | null',
  promotion_reason: 'string | null',
});
export type CycleSummary = typeof cycleSummary.infer;
