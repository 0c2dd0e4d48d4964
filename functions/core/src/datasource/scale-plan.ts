import { type } from 'arktype';

/**
 * How the data API simulator makes SYNTHETIC batches at the course API's scale from the
 * batches a plan cuts (batch-plan.ts): plain data, like the plans. The shared files are
 * samples (realtor: 4,422 complete rows), the course API serves about a million, and some
 * failures only show at that size. Two kinds exist, one per plan kind:
 *  - `rows` (after a claims plan): each batch resampled with replacement from its own rows
 *    up to its documented size; a copy keeps every column but a few numbers and dates,
 *    jittered a little and kept inside the claim's bounds.
 *  - `groups` (after a subsets plan): the training groups (patients) resampled whole, with
 *    replacement, up to `batches` x `batchRows` rows; a copy keeps its group and gets new ids.
 * In both, a row's first copy is the file's row as it is; later copies differ from it.
 */

/** Later copies take a value of this numeric column that no other copy of the row has: the content of two copies never repeats. */
const distinctColumn = type({
  column: 'string > 0',
  /** Within +-share of the row's value... */
  share: '0 < number < 1',
  /** ...and at least +-minSpread units, so a small value still has room for every copy. */
  minSpread: 'number.integer > 0',
});

/** A numeric column multiplied by a factor within 1 +- share, rounded to `decimals`. */
const relativeJitter = type({ column: 'string > 0', share: '0 < number < 1', decimals: 'number.integer >= 0' });

/** A YYYY-MM-DD column moved by a whole number of days within +-days. */
const dayJitter = type({ column: 'string > 0', days: 'number.integer > 0' });

const resampleRows = type({
  kind: "'rows'",
  /** Rows of each batch, by batch number: the documented sizes. */
  batchRows: type('number.integer > 0').array().atLeastLength(1),
  distinct: distinctColumn,
  jitter: relativeJitter.or(dayJitter).array(),
});

const resampleGroups = type({
  kind: "'groups'",
  /** A group (a patient) is drawn whole: every training row of it, in every copy. */
  groupBy: 'string > 0',
  batches: 'number.integer > 0',
  batchRows: 'number.integer > 0',
  /**
   * Later copies get the id base + copiesPerId x (the row's id) + copy number: unique, above
   * every id of the file, and the row's own id still readable in it.
   */
  newIds: { column: 'string > 0', base: 'number.integer > 0', copiesPerId: 'number.integer > 1' },
});

export const scalePlan = resampleRows.or(resampleGroups);
export type ScalePlan = typeof scalePlan.infer;
