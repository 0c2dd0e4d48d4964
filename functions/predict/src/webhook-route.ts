import { AppError, mlflowAliasCreated, mlflowWebhookDelivery, parseOrThrow } from '@tabular-ct/core';
import { verifyWebhookSignature, type Log, type RouteTable } from '@tabular-ct/platform';
import type { ModelHolder } from './model-holder.ts';

/** Where MLflow delivers registry events to the predictor (PREDICTOR_WEBHOOK_URL names it). */
export const WEBHOOK_PATH = '/webhooks/mlflow';

interface WebhookRouteDeps {
  holder: ModelHolder;
  /** The served registered model and alias: events about others are acknowledged and ignored. */
  name: string;
  alias: string;
  /** MLFLOW_WEBHOOK_SECRET; empty: no webhook route at all. */
  secret: string;
  log: Log;
  nowSeconds?: () => number;
}

const header = (value: string | string[] | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * MLflow's registry webhook: a signed `model_version_alias.created` for the served model and
 * alias runs the same check as POST /reload, so a promotion is served within a second of the
 * alias move instead of at the next poll. Anything unsigned, badly signed or stale is answered
 * 401 before its content is looked at (docs/architecture.md, "Alias moves are pushed").
 */
export function webhookRoutes(deps: WebhookRouteDeps): RouteTable {
  if (deps.secret === '') return {};
  const now = deps.nowSeconds ?? (() => Date.now() / 1000);
  return {
    [`POST ${WEBHOOK_PATH}`]: async (req) => {
      const headers = {
        signature: header(req.headers['x-mlflow-signature']),
        deliveryId: header(req.headers['x-mlflow-delivery-id']),
        timestamp: header(req.headers['x-mlflow-timestamp']),
      };
      const verified = verifyWebhookSignature(deps.secret, headers, req.text ?? '', now());
      if (!verified.ok) throw new AppError('unauthorized', `POST ${WEBHOOK_PATH} takes MLflow's signed deliveries only: ${verified.error}`);
      const delivery = parseOrThrow(mlflowWebhookDelivery, req.body, 'webhook delivery');
      const event = `${delivery.entity}.${delivery.action}`;
      if (event !== 'model_version_alias.created') return { status: 200, body: { status: 'ignored', event, reason: 'not an alias move' } };
      const moved = parseOrThrow(mlflowAliasCreated, delivery.data, 'webhook data');
      if (moved.name !== deps.name || moved.alias !== deps.alias) {
        return { status: 200, body: { status: 'ignored', event, reason: `this predictor serves ${deps.name}@${deps.alias}` } };
      }
      const outcome = await deps.holder.check(true);
      deps.log({ level: 'info', fn: 'predict', msg: `webhook ${headers.deliveryId}: alias ${moved.alias} moved to version ${moved.version}, ${outcome.status}` });
      // A version that fails to load is the model's fault, not the delivery's: 200 with the outcome,
      // so MLflow does not resend it (the served version goes on answering; logs and metrics show it).
      return { status: 200, body: { model_name: deps.name, event, ...outcome } };
    },
  };
}
