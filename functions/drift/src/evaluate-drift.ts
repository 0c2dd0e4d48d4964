import { AppError, datasets, LINEAGE_TAGS, parseBatchId, PRODUCTION_ALIAS, tagRecord, type DriftReport, type DriftRequest, type DriftResponse } from '@tabular-ct/core';
import {
  cleanBatchSummaries,
  deliveriesUpTo,
  getCleanBatch,
  getDriftReport,
  readCleanRows,
  recordDecision,
  saveDriftReport,
  undecidedDeliveries,
  withAdvisoryLock,
  type DecisionMetrics,
  type Log,
  type ModelRegistry,
  type Pool,
} from '@tabular-ct/platform';
import { compareBatch } from './compare-batch.ts';
import { decideRetrain, skipNothingNew } from './decide-retrain.ts';

export interface DriftDeps extends ModelRegistry {
  cleanPool: Pool;
  log: Log;
  /** Counts each decision recorded (pipeline_decisions_total); absent in tests that do not look. */
  decisions?: DecisionMetrics;
}


/**
 * Decides whether what a delivery added calls for a new model. The decision covers the
 * delivery and every earlier one of its group that no decision covered yet (the DAG may
 * collect several per run; a run that failed after collecting leaves some behind): their
 * new CLEAN rows are compared with the data the model in production was trained on, the
 * train split of every delivery up to the one its version is tagged with (train's
 * cumulative policy). Deliveries that added no new row skip, saying so; with no model in
 * production the data trains the baseline. The report and the decision are stored once;
 * asking again, for this delivery or one the decision covered, answers them.
 */
export async function evaluateDrift(deps: DriftDeps, request: DriftRequest): Promise<DriftResponse> {
  const stored = await storedAnswer(deps, request.batch_id);
  if (stored) return stored;
  if (!(await getCleanBatch(deps.cleanPool, request.batch_id))) throw new AppError('not_found', `CLEAN has no batch ${request.batch_id}: preprocess it first`, { batch_id: request.batch_id });
  // One decision of a group at a time: two side by side would both cover the same deliveries,
  // and a retry sent while the first still runs waits for it and answers its decision. The
  // request's batch id was checked against the id format, so it has a group.
  const group = parseBatchId(request.batch_id)?.group ?? 0;
  return withAdvisoryLock(deps.cleanPool, `drift-${request.dataset}`, group, async () => (await storedAnswer(deps, request.batch_id)) ?? decide(deps, request));
}

/** The decision stored for this delivery, or the one that covered it. */
async function storedAnswer(deps: DriftDeps, batchId: string): Promise<DriftResponse | undefined> {
  const stored = await getDriftReport(deps.cleanPool, batchId);
  if (!stored) return undefined;
  return {
    status: 'already_evaluated',
    dataset: stored.dataset,
    batch_id: stored.batch_id,
    deliveries: stored.deliveries,
    retrain: stored.retrain,
    reasons: stored.reasons,
    report: stored.report as DriftReport,
  };
}

async function decide(deps: DriftDeps, request: DriftRequest): Promise<DriftResponse> {
  const spec = datasets[request.dataset];
  const name = deps.modelName(request.dataset);
  const deliveries = await undecidedDeliveries(deps.cleanPool, request.dataset, request.batch_id);
  const current = await readCleanRows(deps.cleanPool, deliveries);
  const production = await deps.mlflow.registry.findVersionByAlias(name, PRODUCTION_ALIAS);
  const referenceBatch = tagRecord(production?.tags)[LINEAGE_TAGS.batchId] || undefined;

  let report: DriftReport | undefined;
  if (current.length > 0 && production && referenceBatch) {
    const reference = await readCleanRows(deps.cleanPool, await deliveriesUpTo(deps.cleanPool, request.dataset, referenceBatch), ['train']);
    report = compareBatch(spec, reference.map((r) => r.features), current.map((r) => r.features), {
      batchId: request.batch_id,
      modelVersion: production.version,
      referenceBatch,
    });
  }
  const decision = current.length === 0 ? skipNothingNew(await cleanBatchSummaries(deps.cleanPool, deliveries)) : decideRetrain(report, request.batch_id);
  const fullReport: DriftReport = report ?? {
    dataset: request.dataset,
    batch_id: request.batch_id,
    reference: { rows: 0 },
    current: { rows: current.length },
    columns: [],
    dataset_drift: { drifted_share: 0, threshold: 0.5, drifted: false },
  };
  const saved = await saveDriftReport(deps.cleanPool, { batch_id: request.batch_id, dataset: request.dataset, deliveries, retrain: decision.retrain, reasons: decision.reasons, report: fullReport });
  const kind = saved.retrain ? 'train' : 'skip';
  await recordDecision(deps.cleanPool, {
    dataset: request.dataset,
    batch_id: request.batch_id,
    kind,
    model_name: name,
    ...(production ? { model_version: production.version } : {}),
    reasons: saved.reasons,
    details: { deliveries: saved.deliveries, dataset_drift: fullReport.dataset_drift, drifted: fullReport.columns.filter((c) => c.drifted).map((c) => c.column) },
  });
  // Counted here, past the early answer of a stored report: a retried batch is not counted twice.
  deps.decisions?.countDecision(request.dataset, kind);
  deps.log({ level: 'info', fn: 'drift', msg: `${request.batch_id}: ${saved.retrain ? 'retrain' : 'skip'}`, deliveries: saved.deliveries, reasons: saved.reasons });
  return {
    status: 'evaluated',
    dataset: request.dataset,
    batch_id: request.batch_id,
    deliveries: saved.deliveries,
    retrain: saved.retrain,
    reasons: saved.reasons,
    report: saved.report as DriftReport,
  };
}
