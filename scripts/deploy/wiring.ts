import { parseAllDocuments } from 'yaml';

/** The in-chart object stores (objectStore.kind) and the S3 port each serves. */
const storePorts = { seaweedfs: 8333, minio: 9000 } as const;
export type ObjectStoreKind = keyof typeof storePorts | 'external';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { key: string } };
}
interface Container {
  env?: EnvVar[];
  ports?: { name?: string; containerPort: number }[];
}
/** The fields of a rendered object that the wiring checks read. */
export interface Manifest {
  kind?: string;
  metadata?: { name?: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: {
    ports?: { port: number; targetPort?: string | number }[];
    podSelector?: { matchLabels?: Record<string, string> };
    ingress?: { from?: { podSelector?: { matchLabels?: Record<string, string> } }[]; ports?: { port: number }[] }[];
    template?: { metadata?: { labels?: Record<string, string> }; spec?: { containers?: Container[] } };
  };
}

/** The objects of a `helm template` output. */
export const parseManifests = (rendered: string): Manifest[] =>
  parseAllDocuments(rendered)
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);

const find = (manifests: Manifest[], kind: string, name: string): Manifest | undefined =>
  manifests.find((m) => m.kind === kind && m.metadata?.name === name);
const containerEnv = (m: Manifest | undefined): EnvVar[] => m?.spec?.template?.spec?.containers?.flatMap((c) => c.env ?? []) ?? [];
const envValue = (m: Manifest | undefined, name: string): string | undefined => containerEnv(m).find((e) => e.name === name)?.value;

/** Problems of the one in-chart store `name` that the rendering should run, serving S3 on `port`. */
function storeProblems(manifests: Manifest[], name: string, port: number): string[] {
  const problems: string[] = [];
  const statefulSet = find(manifests, 'StatefulSet', name);
  const service = find(manifests, 'Service', name);
  const policy = find(manifests, 'NetworkPolicy', name);
  if (statefulSet === undefined) return [`no StatefulSet ${name}`];
  const podName = statefulSet.spec?.template?.metadata?.labels?.['app.kubernetes.io/name'];
  const s3Port = statefulSet.spec?.template?.spec?.containers?.flatMap((c) => c.ports ?? []).find((p) => p.name === 's3')?.containerPort;
  if (podName !== name) problems.push(`StatefulSet ${name}: pods labelled ${String(podName)}`);
  if (s3Port !== port) problems.push(`StatefulSet ${name}: container port s3 is ${String(s3Port)}, not ${port}`);
  if (!service?.spec?.ports?.some((p) => p.port === port && p.targetPort === 's3')) problems.push(`Service ${name}: no port ${port} to the container's s3 port`);
  if (policy === undefined) problems.push(`no NetworkPolicy ${name}`);
  else {
    if (policy.spec?.podSelector?.matchLabels?.['app.kubernetes.io/name'] !== name) problems.push(`NetworkPolicy ${name}: does not select the store's pods`);
    const rule = policy.spec?.ingress?.find((r) => r.from?.some((f) => f.podSelector?.matchLabels?.['tabular-ct.io/object-store'] === 'true'));
    if (!rule?.ports?.some((p) => p.port === port)) problems.push(`NetworkPolicy ${name}: the object store's clients are not let through on port ${port}`);
  }
  return problems;
}

/**
 * What is wrong with a rendering's object store for `kind`: the store's StatefulSet, Service
 * and NetworkPolicy on its S3 port, the functions' S3_ENDPOINT_URL and MLflow's
 * MLFLOW_S3_ENDPOINT_URL at that Service (the same endpoint for both), the other store absent;
 * for `external`, no store in the chart.
 */
export function objectStoreProblems(manifests: Manifest[], kind: ObjectStoreKind, namespace: string): string[] {
  const problems: string[] = [];
  const endpoint = find(manifests, 'ConfigMap', 'tabular-ct-config')?.data?.S3_ENDPOINT_URL;
  const mlflowEndpoint = envValue(find(manifests, 'Deployment', 'mlflow'), 'MLFLOW_S3_ENDPOINT_URL');
  if (endpoint !== mlflowEndpoint) problems.push(`MLflow's MLFLOW_S3_ENDPOINT_URL ${String(mlflowEndpoint)} is not the functions' S3_ENDPOINT_URL ${String(endpoint)}`);
  for (const [name, port] of Object.entries(storePorts)) {
    if (name === kind) {
      problems.push(...storeProblems(manifests, name, port));
      const expected = `http://${name}.${namespace}.svc:${port}`;
      if (endpoint !== expected) problems.push(`S3_ENDPOINT_URL is ${String(endpoint)}, not the store's Service ${expected}`);
    } else {
      for (const k of ['StatefulSet', 'Service', 'NetworkPolicy']) if (find(manifests, k, name)) problems.push(`${k} ${name} rendered, but objectStore.kind is ${kind}`);
    }
  }
  if (!manifests.some((m) => m.kind === 'Job' && m.metadata?.name?.startsWith('ensure-bucket-'))) problems.push('no bucket Job');
  return problems;
}

/**
 * What is wrong with MLflow's registry webhook to the predictor (mlflow.webhook on): the
 * predictor's PREDICTOR_WEBHOOK_URL at its own cluster-local address and its
 * MLFLOW_WEBHOOK_SECRET from the Secret; MLflow with its encryption key and allowed to call
 * an in-cluster http address; the chart's Secret, when rendered, holding both.
 */
export function webhookProblems(manifests: Manifest[], namespace: string): string[] {
  const problems: string[] = [];
  const url = find(manifests, 'ConfigMap', 'tabular-ct-config')?.data?.PREDICTOR_WEBHOOK_URL;
  const expected = `http://predict.${namespace}.svc.cluster.local/webhooks/mlflow`;
  if (url !== expected) problems.push(`PREDICTOR_WEBHOOK_URL is ${String(url)}, not the predictor's ${expected}`);
  const predict = containerEnv(find(manifests, 'Service', 'predict'));
  for (const name of ['PREDICTOR_WEBHOOK_URL', 'MLFLOW_WEBHOOK_SECRET']) if (!predict.some((e) => e.name === name)) problems.push(`predict: ${name} not set`);
  const mlflow = find(manifests, 'Deployment', 'mlflow');
  const key = containerEnv(mlflow).find((e) => e.name === 'MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY');
  if (key?.valueFrom?.secretKeyRef?.key !== 'MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY') problems.push('MLflow: MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY not read from the Secret');
  if (!(envValue(mlflow, 'MLFLOW_WEBHOOK_ALLOWED_SCHEMES') ?? '').split(',').includes('http')) problems.push('MLflow: MLFLOW_WEBHOOK_ALLOWED_SCHEMES does not allow http');
  if (envValue(mlflow, 'MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS') !== 'true') problems.push('MLflow: MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS is not true');
  const secret = find(manifests, 'Secret', 'tabular-ct-secrets')?.stringData;
  if (secret !== undefined) for (const k of ['MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY', 'MLFLOW_WEBHOOK_SECRET']) if (!secret[k]) problems.push(`the Secret's ${k} is empty`);
  return problems;
}
