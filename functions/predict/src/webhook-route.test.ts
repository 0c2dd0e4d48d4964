import { createFunctionMetrics, createPredictorMetrics, testServer } from '@tabular-ct/platform';
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { webhookName } from './keep-webhook.ts';
import { createModelHolder } from './model-holder.ts';
import type { ServedModel } from './served-model.ts';
import { WEBHOOK_PATH, webhookRoutes } from './webhook-route.ts';

// The webhook route in process: the holder resolves whatever `alias` says and "loads" a stand-in.
const secret = 'a-webhook-secret-of-at-least-32-characters';
const quiet = () => undefined;

async function serveWebhook() {
  const state = { alias: '1', loads: [] as string[] };
  const metrics = createPredictorMetrics(createFunctionMetrics('predict').registry);
  const holder = createModelHolder({
    name: 'm',
    alias: 'production',
    pollSeconds: 0,
    resolve: async () => state.alias,
    load: async (version) => {
      state.loads.push(version);
      return { name: 'm', version, model: { release: async () => undefined } } as unknown as ServedModel;
    },
    metrics,
    log: quiet,
  });
  await holder.start();
  const running = await testServer(webhookRoutes({ holder, name: 'm', alias: 'production', secret, log: quiet }), { name: 'predict' });
  const deliver = async (delivery: unknown, options: { key?: string; timestamp?: number; signature?: string } = {}) => {
    const body = JSON.stringify(delivery);
    const ts = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const signature = options.signature ?? `v1,${createHmac('sha256', options.key ?? secret).update(`d-1.${ts}.${body}`).digest('base64')}`;
    const res = await fetch(`${running.url}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mlflow-delivery-id': 'd-1', 'x-mlflow-timestamp': ts, 'x-mlflow-signature': signature },
      body,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { state, holder, running, deliver };
}

const aliasMoved = (version: string, name = 'm', alias = 'production') => ({ entity: 'model_version_alias', action: 'created', timestamp: new Date().toISOString(), data: { name, alias, version } });

describe(`POST ${WEBHOOK_PATH}`, () => {
  let served: Awaited<ReturnType<typeof serveWebhook>> | undefined;
  afterEach(async () => {
    await served?.running.close();
    await served?.holder.stop();
  });

  it('swaps to the version the alias moved to, at once', async () => {
    served = await serveWebhook();
    served.state.alias = '2';
    const answer = await served.deliver(aliasMoved('2'));
    expect(answer).toMatchObject({ status: 200, body: { model_name: 'm', status: 'swapped', served: '2', previous: '1' } });
    expect(served.holder.current()?.version).toBe('2');
  });

  it.each([
    ['a forged signature', { key: 'not-the-secret-but-as-long-as-the-real-one' }],
    ['a replayed delivery', { timestamp: Math.floor(Date.now() / 1000) - 3600 }],
    ['no signature', { signature: '' }],
  ])('answers %s with 401 and changes nothing', async (_what, options) => {
    served = await serveWebhook();
    served.state.alias = '2';
    const answer = await served.deliver(aliasMoved('2'), options);
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: { code: 'unauthorized' } });
    expect(served.holder.current()?.version).toBe('1');
    expect(served.state.loads).toEqual(['1']);
  });

  it.each([
    ['another model', aliasMoved('2', 'other')],
    ['another alias', aliasMoved('2', 'm', 'staging')],
    ['another event', { entity: 'model_version', action: 'created', data: { name: 'm', version: '2' } }],
  ])('acknowledges %s and loads nothing', async (_what, delivery) => {
    served = await serveWebhook();
    served.state.alias = '2';
    const answer = await served.deliver(delivery);
    expect(answer).toMatchObject({ status: 200, body: { status: 'ignored' } });
    expect(served.state.loads).toEqual(['1']);
  });

  it('names the field of a signed delivery that is malformed', async () => {
    served = await serveWebhook();
    const answer = await served.deliver({ entity: 'model_version_alias', action: 'created', data: { name: 'm', alias: 'production' } });
    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringContaining('version') } } });
  });

  it('is not served without a secret', () => {
    expect(webhookRoutes({ holder: createModelHolder({ name: 'm', alias: 'a', pollSeconds: 0, resolve: async () => undefined, load: async () => Promise.reject(new Error('unused')), metrics: createPredictorMetrics(createFunctionMetrics('predict').registry), log: quiet }), name: 'm', alias: 'a', secret: '', log: quiet })).toEqual({});
  });
});

describe('webhookName', () => {
  it('is one name per model and alias, within what MLflow accepts', () => {
    expect(webhookName({ name: 'tabular-ct-realtor', alias: 'production' })).toBe('predict-tabular-ct-realtor-production');
    const long = webhookName({ name: 'a'.repeat(80), alias: 'production' });
    expect(long).toMatch(/^[a-z0-9][\w.-]{0,60}[a-z0-9]$/i);
    expect(long).not.toBe(webhookName({ name: `${'a'.repeat(79)}b`, alias: 'production' }));
    expect(webhookName({ name: 'my model/v1', alias: 'production' })).toBe('predict-my-model-v1-production');
  });
});
