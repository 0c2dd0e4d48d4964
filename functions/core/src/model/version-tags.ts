/**
 * The names a model version carries in the MLflow registry, read and written by several
 * functions: the alias that marks the served version, and the tags that tie a version to
 * its data and record its promotion decision (docs/architecture.md, "The model bundle").
 */

/** The alias of the version in production: promote moves it, the predictor and drift read it. */
export const PRODUCTION_ALIAS = 'production';

/** Lineage tags the training function puts on its run, its logged model and its version. */
export const LINEAGE_TAGS = {
  batchId: 'batch_id',
  reasons: 'reasons',
  dataDigest: 'data_digest',
  dataLocation: 'data_location',
  dataPolicy: 'data_policy',
} as const;

/**
 * Tags that record the promotion decision on the version itself. `decision` is written
 * last: a version that has it was decided completely, so a retry answers it.
 */
export const PROMOTION_TAGS = {
  decision: 'promotion.decision',
  rule: 'promotion.rule',
  reason: 'promotion.reason',
  metric: 'promotion.metric',
  challenger: 'promotion.challenger_metric',
  champion: 'promotion.champion_metric',
  championVersion: 'promotion.champion_version',
  difference: 'promotion.difference',
  rows: 'promotion.heldout_rows',
} as const;

/** A version's (or run's) tag list as a record, a missing value as ''. */
export function tagRecord(tags: ReadonlyArray<{ key: string; value?: string | undefined }> | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.key, t.value ?? '']));
}
