import { envVariables, registeredModelName } from '@tabular-ct/core';
import { parseAllDocuments } from 'yaml';
import { webhookName } from '../../functions/predict/src/keep-webhook.ts';

/** The in-chart object stores (objectStore.kind) and the S3 port each serves. */
const storePorts = { seaweedfs: 8333, minio: 9000 } as const;
export type ObjectStoreKind = keyof typeof storePorts | 'external';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { key: string }; configMapKeyRef?: { key: string } };
}
interface Container {
  env?: EnvVar[];
  ports?: { name?: string; containerPort: number }[];
}
/** The fields of a rendered object that the wiring checks read. */
export interface Manifest {
  kind?: string;
  metadata?: { name?: string; annotations?: Record<string, string> };
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

/** The predictor's plain settings as its container gets them: values, and ConfigMap keys resolved. */
function predictorSettings(manifests: Manifest[]): Record<string, string> {
  const configMap = find(manifests, 'ConfigMap', 'tabular-ct-config')?.data ?? {};
  const settings: Record<string, string> = {};
  for (const e of containerEnv(find(manifests, 'Service', 'predict'))) {
    const value = e.value ?? (e.valueFrom?.configMapKeyRef ? configMap[e.valueFrom.configMapKeyRef.key] : undefined);
    if (value !== undefined) settings[e.name] = value;
  }
  return settings;
}

/**
 * The webhook name the rendered predictor would keep were it to register itself: webhookName
 * of its model and alias, which its loadConfig takes from these settings or their defaults.
 */
export function predictorWebhookName(settings: Record<string, string>): string {
  const { predictor, mlflow } = envVariables;
  const dataset = settings.PREDICTOR_DATASET || predictor.PREDICTOR_DATASET.default;
  const name = settings.MODEL_NAME || registeredModelName(dataset, settings.MODEL_NAME_PREFIX || mlflow.MODEL_NAME_PREFIX.default);
  return webhookName({ name, alias: settings.MODEL_ALIAS || predictor.MODEL_ALIAS.default });
}

/**
 * What is wrong with MLflow's registry webhook to the predictor (mlflow.webhook on). The
 * predictor has MLFLOW_WEBHOOK_SECRET from the Secret, to check deliveries, and no
 * PREDICTOR_WEBHOOK_URL: MLflow lets only its administrator keep webhooks, so the predictor
 * does not register itself. The Job `mlflow-webhook` does, as MLflow's administrator, after
 * every install and upgrade (a Helm hook, replaced at each run), admitted by MLflow's
 * NetworkPolicy: the webhook of the name the predictor would use, at the predictor's
 * cluster-local address, signed with the same secret. MLflow has its encryption key, calls an
 * in-cluster http address and looks its webhooks up again within seconds; the chart's Secret,
 * when rendered, holds both values.
 */
export function webhookProblems(manifests: Manifest[], namespace: string): string[] {
  const problems: string[] = [];
  const url = `http://predict.${namespace}.svc.cluster.local/webhooks/mlflow`;
  const predict = containerEnv(find(manifests, 'Service', 'predict'));
  const settings = predictorSettings(manifests);
  if (settings.PREDICTOR_WEBHOOK_URL) problems.push(`predict: PREDICTOR_WEBHOOK_URL is ${settings.PREDICTOR_WEBHOOK_URL}: it would register the webhook itself, which MLflow refuses its user`);
  if (predict.find((e) => e.name === 'MLFLOW_WEBHOOK_SECRET')?.valueFrom?.secretKeyRef?.key !== 'MLFLOW_WEBHOOK_SECRET') problems.push('predict: MLFLOW_WEBHOOK_SECRET not read from the Secret');
  const job = find(manifests, 'Job', 'mlflow-webhook');
  if (job === undefined) problems.push('no Job mlflow-webhook');
  else {
    const hook = job.metadata?.annotations ?? {};
    if (hook['helm.sh/hook'] !== 'post-install,post-upgrade') problems.push('Job mlflow-webhook: not a post-install,post-upgrade hook');
    if (hook['helm.sh/hook-delete-policy'] !== 'before-hook-creation') problems.push('Job mlflow-webhook: the previous run is not deleted before the next');
    if (job.spec?.template?.metadata?.labels?.['tabular-ct.io/mlflow'] !== 'true') problems.push('Job mlflow-webhook: not labelled for MLflow\'s NetworkPolicy');
    const env = containerEnv(job);
    const fromSecret = (name: string): string | undefined => env.find((e) => e.name === name)?.valueFrom?.secretKeyRef?.key;
    if (fromSecret('MLFLOW_TRACKING_USERNAME') !== 'MLFLOW_AUTH_ADMIN_USERNAME' || fromSecret('MLFLOW_TRACKING_PASSWORD') !== 'MLFLOW_AUTH_ADMIN_PASSWORD') problems.push('Job mlflow-webhook: not signed in as MLflow\'s administrator');
    if (fromSecret('WEBHOOK_SECRET') !== 'MLFLOW_WEBHOOK_SECRET') problems.push('Job mlflow-webhook: WEBHOOK_SECRET is not the predictor\'s MLFLOW_WEBHOOK_SECRET');
    const expectedName = predictorWebhookName(settings);
    if (envValue(job, 'WEBHOOK_NAME') !== expectedName) problems.push(`Job mlflow-webhook: WEBHOOK_NAME is ${String(envValue(job, 'WEBHOOK_NAME'))}, not the predictor's ${expectedName}`);
    if (envValue(job, 'WEBHOOK_URL') !== url) problems.push(`Job mlflow-webhook: WEBHOOK_URL is ${String(envValue(job, 'WEBHOOK_URL'))}, not the predictor's ${url}`);
  }
  const mlflow = find(manifests, 'Deployment', 'mlflow');
  const key = containerEnv(mlflow).find((e) => e.name === 'MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY');
  if (key?.valueFrom?.secretKeyRef?.key !== 'MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY') problems.push('MLflow: MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY not read from the Secret');
  if (!(envValue(mlflow, 'MLFLOW_WEBHOOK_ALLOWED_SCHEMES') ?? '').split(',').includes('http')) problems.push('MLflow: MLFLOW_WEBHOOK_ALLOWED_SCHEMES does not allow http');
  if (envValue(mlflow, 'MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS') !== 'true') problems.push('MLflow: MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS is not true');
  // MLflow's default, 60 s, would leave a new or updated webhook unused for up to a minute.
  const ttl = Number(envValue(mlflow, 'MLFLOW_WEBHOOK_CACHE_TTL') ?? 60);
  if (!(ttl <= 10)) problems.push(`MLflow: MLFLOW_WEBHOOK_CACHE_TTL is ${ttl} s, over 10`);
  const secret = find(manifests, 'Secret', 'tabular-ct-secrets')?.stringData;
  if (secret !== undefined) for (const k of ['MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY', 'MLFLOW_WEBHOOK_SECRET']) if (!secret[k]) problems.push(`the Secret's ${k} is empty`);
  return problems;
}
