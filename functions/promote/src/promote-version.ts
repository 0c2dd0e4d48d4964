import { AppError, datasets, LINEAGE_TAGS, PRODUCTION_ALIAS, PROMOTION_TAGS as TAG, tagRecord, type PromoteRequest, type PromoteResponse } from '@tabular-ct/core';
import {
  deliveriesUpTo,
  loadedInputs,
  loadModelVersion,
  readCleanRows,
  recordDecision,
  startProduction,
  leaseHeldError,
  withLease,
  type DecisionMetrics,
  type LoadedModel,
  type Log,
  type ModelRegistry,
  type Pool,
} from '@tabular-ct/platform';
import { headToHead, promotionMetric } from './head-to-head.ts';
import { decidePromotion, PROMOTION_RULE } from './promotion-rule.ts';

export interface PromoteDeps extends ModelRegistry {
  cleanPool: Pool;
  log: Log;
  /** Counts each decision recorded (pipeline_decisions_total); absent in tests that do not look. */
  decisions?: DecisionMetrics;
  /** How long a request waits for a promotion of the same model already running (STEP_LEASE_WAIT_SECONDS). */
  leaseWaitMs: number;
}

function storedAnswer(dataset: string, name: string, version: string, tags: Record<string, string>): PromoteResponse {
  const num = (k: string): number | undefined => (tags[k] === undefined || tags[k] === '' ? undefined : Number(tags[k]));
  const differenceTag = tags[TAG.difference];
  const difference = differenceTag ? (JSON.parse(differenceTag) as PromoteResponse['difference']) : undefined;
  const challengerMetric = num(TAG.challenger);
  const championMetric = num(TAG.champion);
  return {
    status: 'already_decided',
    dataset,
    model_name: name,
    version,
    promoted: tags[TAG.decision] === 'promoted',
    rule: tags[TAG.rule] ?? PROMOTION_RULE,
    reason: tags[TAG.reason] ?? '',
    ...(tags[TAG.championVersion] ? { champion_version: tags[TAG.championVersion] } : {}),
    metric: tags[TAG.metric] ?? '',
    ...(challengerMetric === undefined ? {} : { challenger_metric: challengerMetric }),
    ...(championMetric === undefined ? {} : { champion_metric: championMetric }),
    ...(difference ? { difference } : {}),
    heldout_rows: num(TAG.rows) ?? 0,
  };
}

/**
 * Decides whether a trained version replaces the one in production: both run in
 * onnxruntime on the same held-out rows (the test splits of every batch seen so far), and
 * the promotion rule reads the bootstrap interval of their difference. A winner (or the
 * first version) moves the alias `production` and opens a production period; either way
 * the decision, the rule and both models' metrics are tagged on the version and recorded
 * in the decisions history. Deciding the same version again changes nothing.
 */
export async function promoteVersion(deps: PromoteDeps, request: PromoteRequest): Promise<PromoteResponse> {
  const name = deps.modelName(request.dataset);
  const tagsOf = async () => tagRecord((await deps.mlflow.registry.getModelVersion(name, request.version)).tags);
  const tags = await tagsOf();
  if (tags[TAG.decision]) return storedAnswer(request.dataset, name, request.version, tags);
  // One promotion of a model at a time: each reads the alias and may move it. A retry of a
  // promotion still running waits for it and answers what it decided (as train does).
  const lease = { name: 'promote', key: name, fn: 'promote', waitMs: deps.leaseWaitMs };
  const outcome = await withLease(deps.cleanPool, lease, async () => {
    const current = await tagsOf();
    return current[TAG.decision] ? storedAnswer(request.dataset, name, request.version, current) : decideVersion(deps, request, name, current);
  });
  if (outcome.ok) return outcome.value;
  throw leaseHeldError(`${name} is being promoted`, `retry later for the decision on version ${request.version}`, outcome.heldBy, { version: request.version, state: 'promoting' });
}

/** The decision itself, as described at promoteVersion; the caller holds the model's lease. */
async function decideVersion(deps: PromoteDeps, request: PromoteRequest, name: string, tags: Record<string, string>): Promise<PromoteResponse> {
  const spec = datasets[request.dataset];
  const { registry } = deps.mlflow;
  const batchId = tags[LINEAGE_TAGS.batchId];
  if (!batchId) throw new AppError('invalid_request', `${name} version ${request.version} has no ${LINEAGE_TAGS.batchId} tag: it was not registered by the train function`);

  const championInfo = await registry.findVersionByAlias(name, PRODUCTION_ALIAS);
  // Loading the challenger is itself the check that it runs in onnxruntime, on this dataset's
  // columns, before any alias moves: a bundle that does not fit is an upstream error naming the field.
  const challenger = await loadModelVersion(deps.mlflow, name, request.version);
  const loaded: LoadedModel[] = [challenger];
  try {
    loadedInputs(spec, challenger);
    const rows = await readCleanRows(deps.cleanPool, await deliveriesUpTo(deps.cleanPool, request.dataset, batchId), ['test']);
    let champion: LoadedModel | undefined;
    if (championInfo && championInfo.version !== request.version) {
      champion = await loadModelVersion(deps.mlflow, name, championInfo.version);
      loaded.push(champion);
    }
    const contest = champion ? await headToHead(spec, challenger, champion, rows) : undefined;
    const decision = championInfo?.version === request.version
      ? { promote: true, rule: PROMOTION_RULE, reason: 'already in production' }
      : decidePromotion(contest);
    const metricName = promotionMetric(spec).name;

    if (decision.promote && championInfo?.version !== request.version) {
      await startProduction(deps.cleanPool, { model_name: name, model_version: request.version, reason: decision.reason }, () =>
        registry.setAlias(name, PRODUCTION_ALIAS, request.version),
      );
    }
    const details = {
      rule: decision.rule,
      metric: metricName,
      heldout_rows: contest?.rows ?? rows.length,
      challenger: contest?.challenger ?? null,
      champion: contest?.champion ?? null,
      champion_version: championInfo?.version ?? null,
      difference: contest?.difference ?? null,
    };
    await recordDecision(deps.cleanPool, {
      dataset: request.dataset,
      batch_id: batchId,
      kind: decision.promote ? 'promote' : 'reject',
      model_name: name,
      model_version: request.version,
      reasons: [decision.reason],
      details,
    });
    // Past the early answer of a version already decided: a retry is not counted twice.
    deps.decisions?.countDecision(request.dataset, decision.promote ? 'promote' : 'reject');
    const record: Record<string, string> = {
      [TAG.rule]: decision.rule,
      [TAG.reason]: decision.reason,
      [TAG.metric]: metricName,
      [TAG.rows]: String(details.heldout_rows),
      ...(contest ? { [TAG.challenger]: String(contest.challenger), [TAG.champion]: String(contest.champion), [TAG.difference]: JSON.stringify(contest.difference) } : {}),
      ...(championInfo ? { [TAG.championVersion]: championInfo.version } : {}),
    };
    for (const [key, value] of Object.entries(record)) await registry.setModelVersionTag(name, request.version, key, value);
    await registry.setModelVersionTag(name, request.version, TAG.decision, decision.promote ? 'promoted' : 'rejected');
    deps.log({ level: 'info', fn: 'promote', msg: `${name} v${request.version}: ${decision.promote ? 'promoted' : 'rejected'}`, reason: decision.reason });

    return {
      status: 'decided',
      dataset: request.dataset,
      model_name: name,
      version: request.version,
      promoted: decision.promote,
      rule: decision.rule,
      reason: decision.reason,
      ...(championInfo ? { champion_version: championInfo.version } : {}),
      metric: metricName,
      ...(contest ? { challenger_metric: contest.challenger, champion_metric: contest.champion, difference: contest.difference } : {}),
      heldout_rows: details.heldout_rows,
    };
  } finally {
    await Promise.all(loaded.map((m) => m.release()));
  }
}
