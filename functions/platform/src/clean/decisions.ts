import type { Pool } from '../db/pool.ts';
import { queryRows } from '../db/query-rows.ts';
import { withTransaction } from '../db/transaction.ts';

export type DecisionKind = 'train' | 'skip' | 'promote' | 'reject';

export interface Decision {
  dataset: string;
  batch_id: string;
  kind: DecisionKind;
  model_name?: string | undefined;
  model_version?: string | undefined;
  reasons: readonly string[];
  details: Record<string, unknown>;
  decided_at?: Date;
}

export interface ProductionPeriod {
  model_name: string;
  model_version: string;
  since: Date;
  until: Date | null;
  reason: string;
}

/** Records a pipeline decision once per batch and kind; a retry returns the one recorded first. */
export async function recordDecision(pool: Pool, d: Decision): Promise<Decision> {
  await queryRows(
    pool,
    'record decision',
    `INSERT INTO decisions (dataset, batch_id, kind, model_name, model_version, reasons, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dataset, batch_id, kind) DO NOTHING`,
    [d.dataset, d.batch_id, d.kind, d.model_name ?? null, d.model_version ?? null, JSON.stringify(d.reasons), JSON.stringify(d.details)],
  );
  const stored = await queryRows<Decision>(
    pool,
    'record decision',
    'SELECT dataset, batch_id, kind, model_name, model_version, reasons, details, decided_at FROM decisions WHERE dataset = $1 AND batch_id = $2 AND kind = $3',
    [d.dataset, d.batch_id, d.kind],
  );
  return stored[0] as Decision;
}

/** The decisions of a dataset in the order they were made: the history the UI shows. */
export async function listDecisions(pool: Pool, dataset: string): Promise<Decision[]> {
  return queryRows<Decision>(
    pool,
    'list decisions',
    'SELECT dataset, batch_id, kind, model_name, model_version, reasons, details, decided_at FROM decisions WHERE dataset = $1 ORDER BY id',
    [dataset],
  );
}

/**
 * Opens a production period for a version and closes the current one, in one transaction:
 * the history says which version served from when to when. `moveAlias` runs inside it, so
 * the history and the MLflow alias change together or not at all (if the alias move
 * fails, the transaction rolls back).
 */
export async function startProduction(
  pool: Pool,
  period: { model_name: string; model_version: string; reason: string },
  moveAlias: () => Promise<void>,
): Promise<void> {
  await withTransaction(pool, 'start production period', async (client) => {
    // Serializes concurrent promotions of the same model.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [period.model_name]);
    await client.query('UPDATE production_history SET until = now() WHERE model_name = $1 AND until IS NULL', [period.model_name]);
    await client.query('INSERT INTO production_history (model_name, model_version, reason) VALUES ($1, $2, $3)', [
      period.model_name,
      period.model_version,
      period.reason,
    ]);
    await moveAlias();
  });
}

/** Every production period of a model, oldest first; the current one has `until` null. */
export async function productionHistory(pool: Pool, modelName: string): Promise<ProductionPeriod[]> {
  return queryRows<ProductionPeriod>(
    pool,
    'read production history',
    'SELECT model_name, model_version, since, until, reason FROM production_history WHERE model_name = $1 ORDER BY id',
    [modelName],
  );
}
