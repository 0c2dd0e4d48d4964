import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from './webhook-signature.ts';

const secret = 'a-webhook-secret-of-at-least-32-characters';
// What MLflow sends: json.dumps of the delivery, signed over "<id>.<timestamp>.<body>".
const body = '{"entity": "model_version_alias", "action": "created", "timestamp": "2026-12-08T01:00:00+00:00", "data": {"name": "m", "alias": "production", "version": "2"}}';
const sign = (id: string, ts: string, text: string, key = secret) => `v1,${createHmac('sha256', key).update(`${id}.${ts}.${text}`).digest('base64')}`;
const now = 1_796_000_000;
const ts = String(now);

describe('verifyWebhookSignature', () => {
  it('accepts a delivery signed as MLflow signs it', () => {
    expect(verifyWebhookSignature(secret, { signature: sign('d1', ts, body), deliveryId: 'd1', timestamp: ts }, body, now + 10)).toEqual({ ok: true, value: undefined });
  });

  it.each([
    ['another secret', { signature: sign('d1', ts, body, 'another-secret-of-at-least-32-characters!'), deliveryId: 'd1', timestamp: ts }, body, now, /does not match/],
    ['a changed body', { signature: sign('d1', ts, body), deliveryId: 'd1', timestamp: ts }, body.replace('"2"', '"3"'), now, /does not match/],
    ['another delivery id', { signature: sign('d1', ts, body), deliveryId: 'd2', timestamp: ts }, body, now, /does not match/],
    ['a replay six minutes later', { signature: sign('d1', ts, body), deliveryId: 'd1', timestamp: ts }, body, now + 360, /within 300 s/],
    ['a timestamp that is not a number', { signature: sign('d1', 'soon', body), deliveryId: 'd1', timestamp: 'soon' }, body, now, /within 300 s/],
    ['no signature', { signature: undefined, deliveryId: 'd1', timestamp: ts }, body, now, /lacks/],
    ['another scheme', { signature: sign('d1', ts, body).replace('v1,', 'v2,'), deliveryId: 'd1', timestamp: ts }, body, now, /not a v1 signature/],
    ['a truncated signature', { signature: sign('d1', ts, body).slice(0, 20), deliveryId: 'd1', timestamp: ts }, body, now, /does not match/],
  ])('refuses %s', (_what, headers, text, at, message) => {
    const result = verifyWebhookSignature(secret, headers, text, at);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});
