import { describe, expect, it } from 'vitest';
import { objectStoreProblems, parseManifests, predictorWebhookName, webhookProblems, type Manifest } from './wiring.ts';

const ns = 'tabular-ct';

/** A rendering with one in-chart store `name` on `port`, wired as the chart does it. */
function rendering(name: string, port: number, endpoint = `http://${name}.${ns}.svc:${port}`): string {
  return `
kind: ConfigMap
metadata: { name: tabular-ct-config }
data: { S3_ENDPOINT_URL: "${endpoint}", MODEL_ALIAS: production }
---
kind: Deployment
metadata: { name: mlflow }
spec:
  template:
    spec:
      containers:
        - env:
            - { name: MLFLOW_S3_ENDPOINT_URL, value: "${endpoint}" }
            - { name: MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY, valueFrom: { secretKeyRef: { key: MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY } } }
            - { name: MLFLOW_WEBHOOK_ALLOWED_SCHEMES, value: "http,https" }
            - { name: MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS, value: "true" }
            - { name: MLFLOW_WEBHOOK_CACHE_TTL, value: "10" }
---
kind: Service
metadata: { name: predict }
spec:
  template:
    spec:
      containers:
        - env:
            - { name: MODEL_ALIAS, valueFrom: { configMapKeyRef: { key: MODEL_ALIAS } } }
            - { name: MLFLOW_WEBHOOK_SECRET, valueFrom: { secretKeyRef: { key: MLFLOW_WEBHOOK_SECRET } } }
            - { name: PREDICTOR_DATASET, value: realtor }
---
kind: Job
metadata:
  name: mlflow-webhook
  annotations: { helm.sh/hook: "post-install,post-upgrade", helm.sh/hook-delete-policy: before-hook-creation }
spec:
  template:
    metadata: { labels: { tabular-ct.io/mlflow: "true" } }
    spec:
      containers:
        - env:
            - { name: MLFLOW_TRACKING_USERNAME, valueFrom: { secretKeyRef: { key: MLFLOW_AUTH_ADMIN_USERNAME } } }
            - { name: MLFLOW_TRACKING_PASSWORD, valueFrom: { secretKeyRef: { key: MLFLOW_AUTH_ADMIN_PASSWORD } } }
            - { name: WEBHOOK_NAME, value: predict-tabular-ct-realtor-production }
            - { name: WEBHOOK_URL, value: "http://predict.${ns}.svc.cluster.local/webhooks/mlflow" }
            - { name: WEBHOOK_SECRET, valueFrom: { secretKeyRef: { key: MLFLOW_WEBHOOK_SECRET } } }
---
kind: Secret
metadata: { name: tabular-ct-secrets }
stringData: { MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY: k, MLFLOW_WEBHOOK_SECRET: s }
---
kind: Job
metadata: { name: ensure-bucket-0-1-0 }
---
kind: StatefulSet
metadata: { name: ${name} }
spec:
  template:
    metadata: { labels: { app.kubernetes.io/name: ${name} } }
    spec: { containers: [{ ports: [{ name: s3, containerPort: ${port} }] }] }
---
kind: Service
metadata: { name: ${name} }
spec: { ports: [{ port: ${port}, targetPort: s3 }] }
---
kind: NetworkPolicy
metadata: { name: ${name} }
spec:
  podSelector: { matchLabels: { app.kubernetes.io/name: ${name} } }
  ingress: [{ from: [{ podSelector: { matchLabels: { tabular-ct.io/object-store: "true" } } }], ports: [{ port: ${port} }] }]
`;
}

const without = (manifests: Manifest[], kind: string, name: string): Manifest[] => manifests.filter((m) => !(m.kind === kind && m.metadata?.name === name));

describe('objectStoreProblems', () => {
  it('accepts each in-chart store wired to its Service, and an external store with none', () => {
    expect(objectStoreProblems(parseManifests(rendering('seaweedfs', 8333)), 'seaweedfs', ns)).toEqual([]);
    expect(objectStoreProblems(parseManifests(rendering('minio', 9000)), 'minio', ns)).toEqual([]);
    const external = parseManifests(rendering('minio', 9000, 'https://s3.example.org')).filter((m) => m.metadata?.name !== 'minio');
    expect(objectStoreProblems(external, 'external', ns)).toEqual([]);
  });

  it('names the store of the other kind, an endpoint elsewhere and a policy on the wrong port', () => {
    const minio = parseManifests(rendering('minio', 9000));
    expect(objectStoreProblems(minio, 'seaweedfs', ns)).toEqual([
      'no StatefulSet seaweedfs',
      'S3_ENDPOINT_URL is http://minio.tabular-ct.svc:9000, not the store\'s Service http://seaweedfs.tabular-ct.svc:8333',
      'StatefulSet minio rendered, but objectStore.kind is seaweedfs',
      'Service minio rendered, but objectStore.kind is seaweedfs',
      'NetworkPolicy minio rendered, but objectStore.kind is seaweedfs',
    ]);
    const wrongPort = parseManifests(rendering('seaweedfs', 8333).replace('ports: [{ port: 8333 }]', 'ports: [{ port: 9000 }]'));
    expect(objectStoreProblems(wrongPort, 'seaweedfs', ns)).toEqual(['NetworkPolicy seaweedfs: the object store\'s clients are not let through on port 8333']);
  });

  it('names MLflow on another endpoint than the functions, a missing policy and a missing bucket Job', () => {
    const manifests = without(without(parseManifests(rendering('seaweedfs', 8333)), 'NetworkPolicy', 'seaweedfs'), 'Job', 'ensure-bucket-0-1-0');
    const mlflow = manifests.find((m) => m.metadata?.name === 'mlflow');
    const env = mlflow?.spec?.template?.spec?.containers?.[0]?.env ?? [];
    env[0] = { name: 'MLFLOW_S3_ENDPOINT_URL', value: 'http://minio.tabular-ct.svc:9000' };
    expect(objectStoreProblems(manifests, 'seaweedfs', ns)).toEqual([
      'MLflow\'s MLFLOW_S3_ENDPOINT_URL http://minio.tabular-ct.svc:9000 is not the functions\' S3_ENDPOINT_URL http://seaweedfs.tabular-ct.svc:8333',
      'no NetworkPolicy seaweedfs',
      'no bucket Job',
    ]);
  });
});

describe('webhookProblems', () => {
  it('accepts the Job keeping the predictor\'s webhook as MLflow\'s administrator, and MLflow allowed to call it', () => {
    expect(webhookProblems(parseManifests(rendering('seaweedfs', 8333)), ns)).toEqual([]);
  });

  it('names a predictor that would register itself, and a Job of another name, address, user or secret', () => {
    const rendered = rendering('seaweedfs', 8333)
      .replace('- { name: PREDICTOR_DATASET, value: realtor }', '- { name: PREDICTOR_DATASET, value: diabetes }\n            - { name: PREDICTOR_WEBHOOK_URL, value: "http://predict/webhooks/mlflow" }')
      .replace('svc.cluster.local/webhooks', 'svc/webhooks')
      .replace('key: MLFLOW_AUTH_ADMIN_PASSWORD', 'key: MLFLOW_TRACKING_PASSWORD')
      .replace('{ name: WEBHOOK_SECRET, valueFrom: { secretKeyRef: { key: MLFLOW_WEBHOOK_SECRET } } }', '{ name: WEBHOOK_SECRET, value: x }')
      .replace('tabular-ct.io/mlflow: "true"', 'tabular-ct.io/mlflow: "false"');
    expect(webhookProblems(parseManifests(rendered), ns)).toEqual([
      'predict: PREDICTOR_WEBHOOK_URL is http://predict/webhooks/mlflow: it would register the webhook itself, which MLflow refuses its user',
      'Job mlflow-webhook: not labelled for MLflow\'s NetworkPolicy',
      'Job mlflow-webhook: not signed in as MLflow\'s administrator',
      'Job mlflow-webhook: WEBHOOK_SECRET is not the predictor\'s MLFLOW_WEBHOOK_SECRET',
      'Job mlflow-webhook: WEBHOOK_NAME is predict-tabular-ct-realtor-production, not the predictor\'s predict-tabular-ct-diabetes-production',
      'Job mlflow-webhook: WEBHOOK_URL is http://predict.tabular-ct.svc/webhooks/mlflow, not the predictor\'s http://predict.tabular-ct.svc.cluster.local/webhooks/mlflow',
    ]);
  });

  it('names a missing Job or hook, the predictor without its secret, MLflow refusing http or private addresses or caching for a minute, and an empty Secret key', () => {
    const rendered = rendering('seaweedfs', 8333)
      .replace('helm.sh/hook: "post-install,post-upgrade"', 'helm.sh/hook: post-install')
      .replace('{ name: MLFLOW_WEBHOOK_SECRET, valueFrom: { secretKeyRef: { key: MLFLOW_WEBHOOK_SECRET } } }', '{ name: RELOAD_TOKEN }')
      .replace('value: "http,https"', 'value: https')
      .replace('value: "true"', 'value: "false"')
      .replace('- { name: MLFLOW_WEBHOOK_CACHE_TTL, value: "10" }', '')
      .replace('MLFLOW_WEBHOOK_SECRET: s', 'MLFLOW_WEBHOOK_SECRET: ""');
    expect(webhookProblems(parseManifests(rendered), ns)).toEqual([
      'predict: MLFLOW_WEBHOOK_SECRET not read from the Secret',
      'Job mlflow-webhook: not a post-install,post-upgrade hook',
      'MLflow: MLFLOW_WEBHOOK_ALLOWED_SCHEMES does not allow http',
      'MLflow: MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS is not true',
      'MLflow: MLFLOW_WEBHOOK_CACHE_TTL is 60 s, over 10',
      'the Secret\'s MLFLOW_WEBHOOK_SECRET is empty',
    ]);
    expect(webhookProblems(without(parseManifests(rendering('seaweedfs', 8333)), 'Job', 'mlflow-webhook'), ns)).toEqual(['no Job mlflow-webhook']);
  });
});

describe('predictorWebhookName', () => {
  it('is webhookName of the model the predictor\'s settings or their defaults name', () => {
    expect(predictorWebhookName({})).toBe('predict-tabular-ct-realtor-production');
    expect(predictorWebhookName({ PREDICTOR_DATASET: 'diabetes', MODEL_NAME_PREFIX: 'team', MODEL_ALIAS: 'staging' })).toBe('predict-team-diabetes-staging');
    expect(predictorWebhookName({ MODEL_NAME: 'churn model', PREDICTOR_DATASET: 'diabetes' })).toBe('predict-churn-model-production');
  });
});
