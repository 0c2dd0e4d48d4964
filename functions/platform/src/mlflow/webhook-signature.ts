import { createHmac, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '@tabular-ct/core';

/** The headers MLflow sends with each delivery. */
interface WebhookHeaders {
  signature: string | undefined;
  deliveryId: string | undefined;
  timestamp: string | undefined;
}

// A delivery older (or newer) than this is refused: a captured request cannot be replayed later.
// MLflow signs when it sends; its retries are signed afresh.
const TOLERANCE_SECONDS = 300;

/**
 * Checks a delivery the way MLflow signs it: `v1,` + base64 of HMAC-SHA256 over
 * `<delivery id>.<timestamp>.<body as sent>` with the webhook's secret, and a timestamp within
 * five minutes of `nowSeconds`. The error says what is wrong, never what was expected.
 */
export function verifyWebhookSignature(secret: string, headers: WebhookHeaders, body: string, nowSeconds: number): Result<void, string> {
  const { signature, deliveryId, timestamp } = headers;
  if (signature === undefined || deliveryId === undefined || timestamp === undefined) {
    return err('the delivery lacks X-MLflow-Signature, X-MLflow-Delivery-Id or X-MLflow-Timestamp');
  }
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > TOLERANCE_SECONDS) {
    return err(`X-MLflow-Timestamp is not within ${TOLERANCE_SECONDS} s of now`);
  }
  if (!signature.startsWith('v1,')) return err('X-MLflow-Signature is not a v1 signature');
  const expected = createHmac('sha256', secret).update(`${deliveryId}.${timestamp}.${body}`).digest();
  const given = Buffer.from(signature.slice(3), 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return err('X-MLflow-Signature does not match the body');
  return ok(undefined);
}
