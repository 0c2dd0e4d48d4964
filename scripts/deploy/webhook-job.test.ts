import { registeredModelName } from '@tabular-ct/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { webhookName } from '../../functions/predict/src/keep-webhook.ts';
import { renderChart, secretFromOutside } from './manifests.ts';
import { ensureGoTool } from './tools.ts';
import { parseManifests } from './wiring.ts';

/** The name the chart's webhook Job keeps (templates/mlflow-webhook-job.yaml), with the predictor's env set. */
async function jobWebhookName(predictorEnv: Record<string, string>): Promise<string | undefined> {
  const rendered = await renderChart([], { ...secretFromOutside, 'functions.predict.env': predictorEnv }, 'templates/mlflow-webhook-job.yaml');
  const job = parseManifests(rendered).find((m) => m.kind === 'Job');
  return job?.spec?.template?.spec?.containers?.flatMap((c) => c.env ?? []).find((e) => e.name === 'WEBHOOK_NAME')?.value;
}

// Helm computes the name (templates/_helpers.tpl) that the predictor computes in TypeScript: a
// predictor registering itself and the chart's Job must keep the same webhook, not one each.
describe('the chart\'s webhook Job keeps the webhook the predictor would', () => {
  // helm is built from its Go module on first use (about two minutes).
  beforeAll(() => ensureGoTool('helm'), 600_000);

  it('for the default dataset', async () => {
    expect(await jobWebhookName({ PREDICTOR_DATASET: 'realtor' })).toBe(webhookName({ name: registeredModelName('realtor'), alias: 'production' }));
    expect(await jobWebhookName({ PREDICTOR_DATASET: 'diabetes' })).toBe('predict-tabular-ct-diabetes-production');
  });

  it('for a name beyond 62 characters, cut with a digest of the whole', async () => {
    const dataset = 'a-dataset-whose-name-takes-the-webhook-name-well-past-sixty-two';
    const expected = webhookName({ name: registeredModelName(dataset), alias: 'production' });
    expect(expected).toHaveLength(62);
    expect(await jobWebhookName({ PREDICTOR_DATASET: dataset })).toBe(expected);
  });

  it('for a model name, prefix and alias of its own, with characters MLflow refuses', async () => {
    const cases: { env: Record<string, string>; target: { name: string; alias: string } }[] = [
      { env: { MODEL_NAME: 'churn model (v2)/eu', MODEL_ALIAS: 'champion' }, target: { name: 'churn model (v2)/eu', alias: 'champion' } },
      { env: { MODEL_NAME_PREFIX: 'équipe', PREDICTOR_DATASET: 'diabetes' }, target: { name: registeredModelName('diabetes', 'équipe'), alias: 'production' } },
      { env: { MODEL_NAME: 'x'.repeat(40) + ' ünïcode '.repeat(4) }, target: { name: 'x'.repeat(40) + ' ünïcode '.repeat(4), alias: 'production' } },
    ];
    for (const { env, target } of cases) expect(await jobWebhookName(env)).toBe(webhookName(target));
  });
});
