import { type } from 'arktype';

/**
 * How the data API simulator cuts a dataset file into batches: plain data (JSON), so a
 * plan is read, diffed and reviewed like any other configuration, and one evaluator runs
 * every plan. Two kinds exist:
 *  - `claims`: rows are taken by filters (the course's realtor batches by price band and
 *    status). Claims run in the order listed; a row taken by one claim is never offered to
 *    a later one, so every row is served at most once.
 *  - `subsets`: groups (patients) are hashed into train, validation and test; the training
 *    rows are served in fixed-size batches in a stated order (diabetes), the other two whole.
 */

/** A row matches when its value is one of `in` (text) or within `gt` < value <= `lte` (numbers). */
const condition = type({
  column: 'string > 0',
  'in?': 'string[] > 0',
  'gt?': 'number',
  'lte?': 'number',
});

const claim = type({
  /** What the batch holds, for people and logs. */
  label: 'string > 0',
  /** The batch numbers served from this claim; its rows are cut into that many contiguous parts, in file order. */
  batches: type('number.integer >= 0').array().atLeastLength(1),
  where: condition.array(),
  /**
   * Keep the rows of one value of `column` only, chosen among the rows this claim matches:
   * the value with the fewest rows among those with at least `minRows`; ties go to the
   * value that sorts first. A small batch from one state, chosen by a rule, not by hand.
   */
  'oneValueOf?': { column: 'string > 0', rule: "'fewest-with-at-least'", minRows: 'number.integer > 0' },
});

const claimsPlan = type({
  kind: "'claims'",
  /** Drop every row with a missing value in any column before the claims run. */
  dropIncomplete: 'boolean',
  claims: claim.array().atLeastLength(1),
});

const subsetsPlan = type({
  kind: "'subsets'",
  /** Rows of one group (a patient) always fall in the same subset. */
  groupBy: 'string > 0',
  /** Mixed into the hash, so these subsets are independent of any other split of the same key. */
  salt: 'string > 0',
  shares: { train: '0 < number < 1', validation: '0 <= number < 1', test: '0 <= number < 1' },
  /** Training rows are served in ascending order of this numeric column (time, for drift). */
  orderBy: 'string > 0',
  batchRows: 'number.integer > 0',
});

export const batchPlan = claimsPlan.or(subsetsPlan);
export type BatchPlan = typeof batchPlan.infer;
export type ClaimsPlan = typeof claimsPlan.infer;
export type SubsetsPlan = typeof subsetsPlan.infer;
export type RowCondition = typeof condition.infer;
