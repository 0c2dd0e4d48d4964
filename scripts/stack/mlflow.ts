import { httpHealthy } from './http-health.ts';
import { venvBin } from './python-env.ts';
import type { ServiceSpec } from './service.ts';
import { createHash } from 'node:crypto';
import { mlflowUrl, pgUrl, s3Url, type StackConfig } from './stack-config.ts';

/**
 * The key MLflow encrypts webhook secrets with. Unset, each server worker makes its own at
 * start, so a secret stored by one worker cannot be read by the other (or after a restart) and
 * deliveries fail. Locally a fixed key derived from the stack's password is enough.
 */
const webhookEncryptionKey = (config: StackConfig): string =>
  // Fernet reads url-safe base64 with its padding (44 characters); Node's base64url drops the `=`.
  createHash('sha256').update(`mlflow-webhooks:${config.s3Password}`).digest('base64').replace(/\+/g, '-').replace(/\//g, '_');

/**
 * The MLflow tracking server and registry: PostgreSQL backend store, artifacts in the S3
 * bucket served through the server (clients never need S3 credentials).
 */
export function mlflowService(config: StackConfig): ServiceSpec {
  return {
    name: 'mlflow',
    command: venvBin('mlflow'),
    args: [
      'server',
      '--backend-store-uri',
      // SQLAlchemy 2.1 maps plain postgresql:// to psycopg 3; the lock installs psycopg2.
      pgUrl(config, 'mlflow').replace(/^postgresql:/, 'postgresql+psycopg2:'),
      '--artifacts-destination',
      `s3://${config.bucket}/mlflow`,
      '--host',
      config.host,
      '--port',
      String(config.mlflowPort),
      '--workers',
      '2',
    ],
    env: {
      MLFLOW_S3_ENDPOINT_URL: s3Url(config),
      AWS_ACCESS_KEY_ID: config.s3User,
      AWS_SECRET_ACCESS_KEY: config.s3Password,
      AWS_DEFAULT_REGION: 'us-east-1',
      MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY: webhookEncryptionKey(config),
      // The predictors listen on loopback over plain HTTP, which MLflow refuses by default.
      MLFLOW_WEBHOOK_ALLOWED_SCHEMES: 'http,https',
      MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS: 'true',
      // MLflow caches each event's webhook list this long: a predictor's new webhook is
      // delivered to within a second rather than a minute.
      MLFLOW_WEBHOOK_CACHE_TTL: '1',
    },
    healthy: () => httpHealthy(`${mlflowUrl(config)}/health`),
    // The first start creates MLflow's schema in PostgreSQL.
    startTimeoutMs: 180_000,
  };
}
