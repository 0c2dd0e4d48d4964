import { mlflowEmptyResponse, mlflowListWebhooksResponse, mlflowWebhookResponse, type MlflowWebhook } from '@tabular-ct/core';
import type { MlflowHttp } from './http.ts';

/** What a webhook should be: its name identifies it, the rest is brought up to date. */
export interface WebhookSpec {
  /** Letters, digits, `.`, `_`, `-`; starts and ends with a letter or digit; under 63 characters. */
  name: string;
  url: string;
  /** Events as MLflow's REST API spells them: `{ entity: 'MODEL_VERSION_ALIAS', action: 'CREATED' }`. */
  events: { entity: string; action: string }[];
  /** MLflow signs every delivery with it (HMAC-SHA256); it never gives it back. */
  secret: string;
  description?: string;
}

/** MLflow's registry webhooks (3.3 and later): it POSTs registry events to a URL as they happen. */
export interface MlflowWebhooks {
  list(): Promise<MlflowWebhook[]>;
  /**
   * Makes one active webhook called `spec.name` match the spec: updated in place when it exists
   * (the secret too, since MLflow cannot show it), created when not, and any duplicates of the
   * name (two replicas starting at once) deleted. Safe to call at every start.
   */
  ensure(spec: WebhookSpec): Promise<MlflowWebhook>;
  delete(webhookId: string): Promise<void>;
}

export function createWebhooks(http: MlflowHttp): MlflowWebhooks {
  const route = (id: string): string => `mlflow/webhooks/${encodeURIComponent(id)}`;
  const list = async (): Promise<MlflowWebhook[]> => {
    const all: MlflowWebhook[] = [];
    let pageToken: string | undefined;
    do {
      const page = await http.json('GET', 'mlflow/webhooks', mlflowListWebhooksResponse, { query: { max_results: 100, page_token: pageToken } });
      all.push(...(page.webhooks ?? []));
      pageToken = page.next_page_token || undefined;
    } while (pageToken !== undefined);
    return all;
  };
  const remove = async (webhookId: string): Promise<void> => {
    await http.json('DELETE', route(webhookId), mlflowEmptyResponse);
  };
  return {
    list,
    delete: remove,
    async ensure(spec) {
      const body = { name: spec.name, url: spec.url, events: spec.events, secret: spec.secret, description: spec.description ?? '', status: 'ACTIVE' };
      const [first, ...duplicates] = (await list()).filter((w) => w.name === spec.name);
      for (const extra of duplicates) await remove(extra.webhook_id);
      if (first === undefined) return (await http.json('POST', 'mlflow/webhooks', mlflowWebhookResponse, { body })).webhook;
      return (await http.json('PATCH', route(first.webhook_id), mlflowWebhookResponse, { body })).webhook;
    },
  };
}
