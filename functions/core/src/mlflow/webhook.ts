import { type } from 'arktype';

/** An event a webhook subscribes to, as MLflow's REST API spells it (`MODEL_VERSION_ALIAS`, `CREATED`). */
const mlflowWebhookEvent = type({ entity: 'string', action: 'string' });

/** A registry webhook: MLflow POSTs each subscribed event to `url`, signed with its secret. */
export const mlflowWebhook = type({
  webhook_id: 'string',
  name: 'string',
  url: 'string',
  'events?': mlflowWebhookEvent.array(),
  'status?': 'string',
});

/** `POST webhooks` and `PATCH webhooks/<id>`. */
export const mlflowWebhookResponse = type({ webhook: mlflowWebhook });

/** `GET webhooks`, one page at a time. */
export const mlflowListWebhooksResponse = type({ 'webhooks?': mlflowWebhook.array(), 'next_page_token?': 'string' });

/**
 * One delivery as MLflow sends it: the event (lowercase, `model_version_alias` / `created`),
 * when, and the event's data. Only the alias payload is read; other events are acknowledged.
 */
export const mlflowWebhookDelivery = type({ entity: 'string', action: 'string', 'timestamp?': 'string', data: 'object' });

/** The data of `model_version_alias.created`: `alias` now points at `version` of model `name`. */
export const mlflowAliasCreated = type({ name: 'string', alias: 'string', version: 'string' });

export type MlflowWebhook = typeof mlflowWebhook.infer;
