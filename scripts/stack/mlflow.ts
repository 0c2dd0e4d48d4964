import { httpHealthy } from './http-health.ts';
import { venvBin } from './python-env.ts';
import type { ServiceSpec } from './service.ts';
import { mlflowUrl, pgUrl, s3Url, type StackConfig } from './stack-config.ts';

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
    },
    healthy: () => httpHealthy(`${mlflowUrl(config)}/health`),
    // The first start creates MLflow's schema in PostgreSQL.
    startTimeoutMs: 180_000,
  };
}
