import { AppError, PRODUCTION_ALIAS, tagRecord, type BatchProfile, type DriftHistoryResponse, type DriftReport, type HistoryDecision, type HistoryResponse, type HistoryVersion, type ProfileResponse } from '@tabular-ct/core';
import {
  getBatchProfile,
  listCleanBatches,
  listDecisions,
  listDriftReports,
  productionHistory,
  profiledBatches,
  type ModelRegistry,
  type Pool,
} from '@tabular-ct/platform';

export interface HistoryDeps extends ModelRegistry {
  cleanPool: Pool;
}

// A dataset's cycle registers a version per retrain; a few hundred covers years of batches.
const MAX_VERSIONS = 500;

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

/** Registered versions with their tags, aliases and training metrics, newest first. */
async function listVersions(deps: HistoryDeps, name: string, production: string | null, verdicts: ReadonlyMap<string, 'promoted' | 'rejected'>): Promise<HistoryVersion[]> {
  const { versions } = await deps.mlflow.registry.searchModelVersions({ filter: `name='${name}'`, maxResults: MAX_VERSIONS });
  const sorted = [...versions].sort((a, b) => Number(b.version) - Number(a.version));
  return Promise.all(
    sorted.map(async (v) => {
      let metrics: Record<string, number> = {};
      if (v.run_id) {
        // A version whose run cannot be read is still listed: the metrics are extra, not the history.
        const run = await deps.mlflow.runs.get(v.run_id).catch(() => undefined);
        metrics = Object.fromEntries((run?.data.metrics ?? []).map((m) => [m.key, m.value]));
      }
      const aliases = new Set(v.aliases ?? []);
      if (v.version === production) aliases.add(PRODUCTION_ALIAS);
      return {
        version: v.version,
        created_at: v.creation_timestamp === undefined ? null : new Date(v.creation_timestamp).toISOString(),
        run_id: v.run_id ?? null,
        aliases: [...aliases],
        decision: verdicts.get(v.version) ?? null,
        tags: tagRecord(v.tags),
        metrics,
      };
    }),
  );
}

/** Every batch with its decisions, which version served when, and every registered version. */
export async function readHistory(deps: HistoryDeps, dataset: string): Promise<HistoryResponse> {
  const name = deps.modelName(dataset);
  const [batches, decisions, periods, current] = await Promise.all([
    listCleanBatches(deps.cleanPool, dataset),
    listDecisions(deps.cleanPool, dataset),
    productionHistory(deps.cleanPool, name),
    deps.mlflow.registry.findVersionByAlias(name, PRODUCTION_ALIAS),
  ]);
  const production = current?.version ?? null;
  const byBatch = new Map<string, HistoryDecision[]>();
  const verdicts = new Map<string, 'promoted' | 'rejected'>();
  // The delivery whose drift decision covered each delivery (drift lists them in details.deliveries).
  const decidedWith = new Map<string, string>();
  for (const d of decisions) {
    if (d.kind === 'train' || d.kind === 'skip') {
      const covered = Array.isArray(d.details.deliveries) ? (d.details.deliveries as string[]) : [d.batch_id];
      for (const id of covered) decidedWith.set(id, d.batch_id);
    }
    if (d.model_version && (d.kind === 'promote' || d.kind === 'reject')) verdicts.set(d.model_version, d.kind === 'promote' ? 'promoted' : 'rejected');
    const list = byBatch.get(d.batch_id) ?? [];
    list.push({ kind: d.kind, model_version: d.model_version ?? null, reasons: [...d.reasons], details: d.details, decided_at: iso(d.decided_at) ?? '' });
    byBatch.set(d.batch_id, list);
  }
  return {
    dataset,
    model_name: name,
    production_version: production,
    batches: batches.map((b) => ({
      batch_id: b.batch_id,
      batch_number: b.batch_number,
      delivery: b.delivery,
      decided_with: decidedWith.get(b.batch_id) ?? null,
      processed_at: iso(b.processed_at) ?? '',
      rows_in: b.rows_in,
      rows_clean: b.rows_clean,
      rows_rejected: b.rows_rejected,
      rows_duplicate: b.rows_duplicate,
      decisions: byBatch.get(b.batch_id) ?? [],
    })),
    production: periods.map((p) => ({ model_version: p.model_version, since: iso(p.since) ?? '', until: iso(p.until), reason: p.reason })),
    versions: await listVersions(deps, name, production, verdicts),
  };
}

/** Every batch's drift report, in delivery order: the latest table and each statistic over time. */
export async function readDriftHistory(deps: HistoryDeps, dataset: string): Promise<DriftHistoryResponse> {
  const reports = await listDriftReports(deps.cleanPool, dataset);
  return {
    dataset,
    reports: reports.map((r) => ({ batch_id: r.batch_id, deliveries: r.deliveries, created_at: iso(r.created_at) ?? '', retrain: r.retrain, reasons: r.reasons, report: r.report as DriftReport })),
  };
}

/** One batch's profile (the latest when none is named) and the list of profiled batches. */
export async function readProfile(deps: HistoryDeps, dataset: string, batchId: string | undefined): Promise<ProfileResponse> {
  const batches = await profiledBatches(deps.cleanPool, dataset);
  const chosen = batchId ?? batches.at(-1);
  if (chosen === undefined) throw new AppError('not_found', `no batch of ${dataset} has been processed yet`);
  if (!batches.includes(chosen)) throw new AppError('not_found', `batch ${chosen} of ${dataset} has no profile`, { batch_id: chosen });
  const profile = (await getBatchProfile(deps.cleanPool, chosen)) as BatchProfile;
  return { dataset, batch_id: chosen, batches, profile };
}
