import { describe, expect, it } from 'vitest';
import { objectStoreProblems, parseManifests, webhookProblems, type Manifest } from './wiring.ts';

const ns = 'tabular-ct';

/** A rendering with one in-chart store `name` on `port`, wired as the chart does it. */
function rendering(name: string, port: number, endpoint = `http://${name}.${ns}.svc:${port}`): string {
  return `
kind: ConfigMap
metadata: { name: tabular-ct-config }
data: { S3_ENDPOINT_URL: "${endpoint}", PREDICTOR_WEBHOOK_URL: "http://predict.${ns}.svc.cluster.local/webhooks/mlflow" }
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
---
kind: Service
metadata: { name: predict }
spec: { template: { spec: { containers: [{ env: [{ name: PREDICTOR_WEBHOOK_URL }, { name: MLFLOW_WEBHOOK_SECRET }] }] } } }
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
  it('accepts the predictor\'s own address, its secret, and MLflow allowed to call it', () => {
    expect(webhookProblems(parseManifests(rendering('seaweedfs', 8333)), ns)).toEqual([]);
  });

  it('names another address, a missing variable, MLflow refusing http or private addresses and an empty Secret key', () => {
    const rendered = rendering('seaweedfs', 8333)
      .replace('svc.cluster.local/webhooks', 'svc/webhooks')
      .replace('{ name: MLFLOW_WEBHOOK_SECRET }', '{ name: RELOAD_TOKEN }')
      .replace('value: "http,https"', 'value: https')
      .replace('value: "true"', 'value: "false"')
      .replace('MLFLOW_WEBHOOK_SECRET: s', 'MLFLOW_WEBHOOK_SECRET: ""');
    expect(webhookProblems(parseManifests(rendered), ns)).toEqual([
      'PREDICTOR_WEBHOOK_URL is http://predict.tabular-ct.svc/webhooks/mlflow, not the predictor\'s http://predict.tabular-ct.svc.cluster.local/webhooks/mlflow',
      'predict: MLFLOW_WEBHOOK_SECRET not set',
      'MLflow: MLFLOW_WEBHOOK_ALLOWED_SCHEMES does not allow http',
      'MLflow: MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS is not true',
      'the Secret\'s MLFLOW_WEBHOOK_SECRET is empty',
    ]);
  });
});
