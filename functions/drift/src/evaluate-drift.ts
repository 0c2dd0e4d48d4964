import { datasets, type DriftReport, type DriftRequest, type DriftResponse } from '@tabular-ct/core';
import { AppError } from '@tabular-ct/core';
import { batchesUpTo, getCleanBatch, getDriftReport, readCleanRows, recordDecision, saveDriftReport, type DecisionMetrics, type Log, type MlflowClient, type Pool } from '@tabular-ct/platform';
import { compareBatch } from './compare-batch.ts';
import { decideRetrain } from './decide-retrain.ts';

export interface DriftDeps {
  cleanPool: Pool;
  mlflow: MlflowClient;
  log: Log;
  /** The registered model of a dataset: registeredModelName in production, a test-only name in tests. */
  modelName: (dataset: string) => string;
  /** Counts each decision recorded (pipeline_decisions_total); absent in tests that do not look. */
  decisions?: DecisionMetrics;
}

const PRODUCTION_ALIAS = 'production';

/**
 * Decides whether a CLEAN batch calls for a new model. The reference is the data the model
 * in production was trained on: the train split of every batch up to the one its version
 * is tagged with (train's cumulative policy). With no model in production the batch trains
 * the baseline. The report and the decision are stored once; asking again answers them.
 */
export async function evaluateDrift(deps: DriftDeps, request: DriftRequest): Promise<DriftResponse> {
  const stored = await getDriftReport(deps.cleanPool, request.batch_id);
  if (stored) return { status: 'already_evaluated', dataset: stored.dataset, batch_id: stored.batch_id, retrain: stored.retrain, reasons: stored.reasons, report: stored.report as DriftReport };
  if (!(await getCleanBatch(deps.cleanPool, request.batch_id))) {
    throw new AppError('not_found', `CLEAN has no batch ${request.batch_id}: preprocess it first`, { batch_id: request.batch_id });
  }
  const spec = datasets[request.dataset];
  const name = deps.modelName(request.dataset);
  const current = await readCleanRows(deps.cleanPool, [request.batch_id]);
  const production = await deps.mlflow.registry.findVersionByAlias(name, PRODUCTION_ALIAS);
  const referenceBatch = production?.tags?.find((t) => t.key === 'batch_id')?.value;

  let report: DriftReport | undefined;
  if (production && referenceBatch) {
    const reference = await readCleanRows(deps.cleanPool, await batchesUpTo(deps.cleanPool, request.dataset, referenceBatch), ['train']);
    report = compareBatch(spec, reference.map((r) => r.features), current.map((r) => r.features), {
      batchId: request.batch_id,
      modelVersion: production.version,
      referenceBatch,
    });
  }
  const decision = decideRetrain(report, request.batch_id);
  const fullReport: DriftReport = report ?? {
    dataset: request.dataset,
    batch_id: request.batch_id,
    reference: { rows: 0 },
    current: { rows: current.length },
    columns: [],
    dataset_drift: { drifted_share: 0, threshold: 0.5, drifted: false },
  };
  const saved = await saveDriftReport(deps.cleanPool, { batch_id: request.batch_id, dataset: request.dataset, retrain: decision.retrain, reasons: decision.reasons, report: fullReport });
  const kind = saved.retrain ? 'train' : 'skip';
  await recordDecision(deps.cleanPool, {
    dataset: request.dataset,
    batch_id: request.batch_id,
    kind,
    model_name: name,
    ...(production ? { model_version: production.version } : {}),
    reasons: saved.reasons,
    details: { dataset_drift: fullReport.dataset_drift, drifted: fullReport.columns.filter((c) => c.drifted).map((c) => c.column) },
  });
  // Counted here, past the early answer of a stored report: a retried batch is not counted twice.
  deps.decisions?.countDecision(request.dataset, kind);
  deps.log({ level: 'info', fn: 'drift', msg: `${request.batch_id}: ${saved.retrain ? 'retrain' : 'skip'}`, reasons: saved.reasons });
  return { status: 'evaluated', dataset: request.dataset, batch_id: request.batch_id, retrain: saved.retrain, reasons: saved.reasons, report: saved.report as DriftReport };
}
