import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { createPool, type Pool } from '../db/pool.ts';
import { listDecisions, productionHistory, recordDecision, startProduction } from './decisions.ts';

describe('decisions and production history in CLEAN', () => {
  let pool: Pool;
  const model = `test-model-${process.pid}-${Date.now()}`;
  const dataset = `test-${process.pid}`;

  beforeAll(() => {
    pool = createPool(loadConfig(inject('stackEnv'), ['database']).database.cleanUrl);
  });
  afterAll(async () => {
    await pool.query('DELETE FROM production_history WHERE model_name = $1', [model]);
    await pool.query('DELETE FROM decisions WHERE dataset = $1', [dataset]);
    await pool.end();
  });

  it('records a decision once per batch and kind; a retry gets the first one back', async () => {
    const first = await recordDecision(pool, { dataset, batch_id: 'b0', kind: 'train', reasons: ['baseline'], details: {} });
    const retry = await recordDecision(pool, { dataset, batch_id: 'b0', kind: 'train', reasons: ['other'], details: {} });
    expect(retry).toEqual(first);
    expect((await listDecisions(pool, dataset)).map((d) => [d.batch_id, d.kind, d.reasons])).toEqual([['b0', 'train', ['baseline']]]);
  });

  it('keeps one open production period per model, closing the previous one', async () => {
    await startProduction(pool, { model_name: model, model_version: '1', reason: 'first' }, async () => undefined);
    await startProduction(pool, { model_name: model, model_version: '2', reason: 'better' }, async () => undefined);
    const history = await productionHistory(pool, model);
    expect(history.map((p) => [p.model_version, p.until === null])).toEqual([
      ['1', false],
      ['2', true],
    ]);
  });

  it('changes nothing when the alias move fails', async () => {
    await expect(
      startProduction(pool, { model_name: model, model_version: '3', reason: 'x' }, async () => {
        throw new Error('MLflow refused the alias');
      }),
    ).rejects.toThrow(/refused the alias/);
    expect((await productionHistory(pool, model)).map((p) => p.model_version)).toEqual(['1', '2']);
  });
});
