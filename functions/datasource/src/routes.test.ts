import type { ClaimsPlan, ScalePlan } from '@tabular-ct/core';
import { loadConfig, type JsonRequest } from '@tabular-ct/platform';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { GroupStateStore } from './group-state-store.ts';
import { evaluatePlan } from './plan/evaluate-plan.ts';
import { datasourceRoutes, SYNTHETIC_HEADER } from './routes.ts';
import { scaleLayout } from './scale/course-scale.ts';
import type { ServedDataset } from './served-dataset.ts';
import { ColumnTableBuilder } from './table/column-table.ts';
import { rowJsonWriter } from './table/row-json.ts';

// The routes in process over a small file and a store in memory: what the answers carry,
// not how PostgreSQL keeps the state (routes.integration.test.ts runs against it).
const builder = new ColumnTableBuilder();
for (const record of [
  ['street', 'city', 'price'],
  ['11.0', 'Tulsa', '100000.0'],
  ['12.0', 'Erie', '250000.0'],
  ['13.0', 'Reno', '400000.0'],
]) builder.add(record);
const table = builder.build();
const plan: ClaimsPlan = {
  kind: 'claims',
  dropIncomplete: true,
  claims: [
    { label: 'cheap', batches: [0], where: [{ column: 'price', lte: 300_000 }] },
    { label: 'dear', batches: [1], where: [{ column: 'price', gt: 300_000 }] },
  ],
};
const scale: ScalePlan = { kind: 'rows', batchRows: [40, 20], distinct: { column: 'price', share: 0.05, minSpread: 1_000 }, jitter: [] };

/** A store in memory: cursor mode hands out batches in turn; window mode stays on batch 0 and counts calls. */
function memoryStore(): GroupStateStore {
  let next = 0;
  let calls = 0;
  return {
    claimNext: async (_dataset, _group, count) => (next < count ? next++ : undefined),
    claimWindowCall: async () => ({ batch: 0, callIndex: calls++ }),
    restart: async () => {
      next = 0;
      calls = 0;
    },
  };
}

const served = (course: boolean): ServedDataset => {
  const cut = evaluatePlan(plan, table);
  if (!course) return { layout: cut, writeRow: rowJsonWriter(table) };
  const scaled = scaleLayout({ plan: scale, seed: 'routes' }, plan, table, cut, 'realtor');
  return { layout: scaled.layout, writeRow: scaled.writeRow, synthetic: scaled.label };
};

const get = async (course: boolean, env: Record<string, string> = {}) => {
  const { api } = loadConfig({ DATASOURCE_DATABASE_URL: 'postgresql://u:p@127.0.0.1/ds', ...env }, ['datasource']).datasource;
  const dataset = served(course);
  const routes = datasourceRoutes({ dataset: 'realtor', api, store: memoryStore(), load: async () => dataset, log: () => undefined });
  const req: JsonRequest = { method: 'GET', path: '/data', body: undefined, query: { group_number: '1' }, headers: {}, params: {} };
  return async () => {
    const reply = await routes['GET /data']!(req);
    let text = '';
    for await (const piece of reply.body as Readable) text += String(piece);
    return { headers: reply.headers ?? {}, body: JSON.parse(text) as { batch_number: number; data: Array<{ street: number; price: number }> } };
  };
};

describe('GET /data at course scale', () => {
  it('serves the synthetic batches whole in cursor mode, and says they are synthetic', async () => {
    const call = await get(true);
    const first = await call();
    expect(first.headers[SYNTHETIC_HEADER]).toMatch(/^SYNTHETIC: realtor at course scale, 60 rows resampled from 3 of the file/);
    expect(first.body.data).toHaveLength(40);
    expect(new Set(first.body.data.map((r) => r.street))).toEqual(new Set([11, 12]));
    expect(first.body.data.every((r) => r.price <= 300_000)).toBe(true);
    const second = await call();
    expect([second.body.batch_number, second.body.data.length]).toEqual([1, 20]);
  });

  it('samples a synthetic batch in window mode: other copies on each call, none twice in one', async () => {
    const call = await get(true, { DATASOURCE_API_MODE: 'window', DATASOURCE_SAMPLE_SHARE: '0.5' });
    const [a, b] = [await call(), await call()];
    for (const answer of [a, b]) {
      expect(answer.body.data).toHaveLength(20);
      expect(new Set(answer.body.data.map((r) => `${r.street} ${r.price}`)).size).toBe(20);
    }
    expect(a.body.data).not.toEqual(b.body.data);
    expect(a.headers[SYNTHETIC_HEADER]).toContain('SYNTHETIC');
  });

  it('adds nothing at the documented scale: the file\'s batches, no header', async () => {
    const answer = await (await get(false))();
    expect(answer.headers).toEqual({ 'content-type': 'application/json' });
    expect(answer.body.data).toHaveLength(2);
  });
});
