import { createHash } from 'node:crypto';
import type { Log, MlflowWebhooks } from '@tabular-ct/platform';
import { WEBHOOK_PATH } from './webhook-route.ts';

// After a failed attempt (MLflow down while the predictor starts), the next one this much later;
// meanwhile polling, if on, still sees every alias move.
const RETRY_MS = 30_000;

/**
 * The webhook's name: one per served model and alias, so every replica (and every restart)
 * updates the same webhook rather than adding one. MLflow allows letters, digits, `.`, `_`, `-`,
 * under 63 characters: a longer name is cut and keeps a digest of the whole. The chart's webhook
 * Job gets the same name from helm/tabular-ct/templates/_helpers.tpl (scripts/deploy/webhook-job.test.ts
 * compares the two).
 */
export function webhookName(target: { name: string; alias: string }): string {
  const full = `predict-${target.name}-${target.alias}`.replace(/[^\w.-]/g, '-');
  if (full.length <= 62) return full;
  return `${full.slice(0, 49)}-${createHash('sha256').update(full).digest('hex').slice(0, 12)}`;
}

/**
 * Keeps MLflow's webhook on alias moves pointing at this predictor (PREDICTOR_WEBHOOK_URL),
 * signed with MLFLOW_WEBHOOK_SECRET: ensured at start, and again every RETRY_MS until it holds.
 */
export function keepWebhook(deps: { webhooks: MlflowWebhooks; target: { name: string; alias: string }; url: string; secret: string; log: Log }): { start(): Promise<void>; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const name = webhookName(deps.target);
  const attempt = async (): Promise<void> => {
    try {
      await deps.webhooks.ensure({
        name,
        url: deps.url,
        events: [{ entity: 'MODEL_VERSION_ALIAS', action: 'CREATED' }],
        secret: deps.secret,
        description: `Tells the predictor of ${deps.target.name} when its ${deps.target.alias} alias moves`,
      });
      deps.log({ level: 'info', fn: 'predict', msg: `MLflow webhook ${name} delivers alias moves to ${deps.url}` });
    } catch (error) {
      deps.log({ level: 'warn', fn: 'predict', msg: `MLflow webhook ${name} not set (${(error as Error).message}); trying again in ${RETRY_MS / 1000} s` });
      if (stopped) return;
      timer = setTimeout(() => void attempt(), RETRY_MS);
      timer.unref();
    }
  };
  if (!deps.url.endsWith(WEBHOOK_PATH)) deps.log({ level: 'warn', fn: 'predict', msg: `PREDICTOR_WEBHOOK_URL ${deps.url} does not end with ${WEBHOOK_PATH}, where the predictor takes deliveries` });
  return {
    start: attempt,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
