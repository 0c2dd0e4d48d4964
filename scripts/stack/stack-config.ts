/**
 * The local stack's settings: ports, credentials and names, each with a default and an
 * environment variable that overrides it. `functionEnv` turns them into the variables the
 * functions read (functions/core envVariables), the same ones a cluster's ConfigMap sets.
 */
export interface StackConfig {
  host: string;
  /** The S3 server: SeaweedFS (maintained; the default) or MinIO (for teams whose brief names it). */
  objectStore: ObjectStoreKind;
  pgPort: number;
  pgUser: string;
  pgPassword: string;
  s3Port: number;
  /** The first of the S3 server's other ports: MinIO's console, or SeaweedFS's master, volume, filer and gRPC ports in turn. */
  s3ConsolePort: number;
  s3User: string;
  s3Password: string;
  bucket: string;
  mlflowPort: number;
}

const int = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return value;
};

const objectStoreKinds = ['seaweedfs', 'minio'] as const;
export type ObjectStoreKind = (typeof objectStoreKinds)[number];

const kind = (env: NodeJS.ProcessEnv): ObjectStoreKind => {
  const raw = env.STACK_OBJECT_STORE || 'seaweedfs';
  if (!(objectStoreKinds as readonly string[]).includes(raw)) throw new Error(`STACK_OBJECT_STORE must be one of ${objectStoreKinds.join(', ')}, got "${raw}"`);
  return raw as ObjectStoreKind;
};

export function stackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  return {
    host: '127.0.0.1',
    objectStore: kind(env),
    pgPort: int(env, 'STACK_PG_PORT', 54329),
    pgUser: env.STACK_PG_USER ?? 'tabularct',
    pgPassword: env.STACK_PG_PASSWORD ?? 'tabularct-local',
    s3Port: int(env, 'STACK_S3_PORT', 9100),
    s3ConsolePort: int(env, 'STACK_S3_CONSOLE_PORT', 9101),
    s3User: env.STACK_S3_USER ?? 'tabularct',
    s3Password: env.STACK_S3_PASSWORD ?? 'tabularct-local-secret',
    bucket: env.S3_BUCKET ?? 'tabular-ct',
    mlflowPort: int(env, 'STACK_MLFLOW_PORT', 5500),
  };
}

/** The databases the platform uses; `mlflow` and `airflow` belong to those servers. */
export const databases = ['raw', 'clean', 'datasource', 'mlflow', 'airflow'] as const;

export const pgUrl = (c: StackConfig, database: string): string =>
  `postgresql://${encodeURIComponent(c.pgUser)}:${encodeURIComponent(c.pgPassword)}@${c.host}:${c.pgPort}/${database}`;

export const s3Url = (c: StackConfig): string => `http://${c.host}:${c.s3Port}`;
export const mlflowUrl = (c: StackConfig): string => `http://${c.host}:${c.mlflowPort}`;

/** Environment that points the functions (and the tests) at this stack. */
export function functionEnv(c: StackConfig): Record<string, string> {
  return {
    RAW_DATABASE_URL: pgUrl(c, 'raw'),
    CLEAN_DATABASE_URL: pgUrl(c, 'clean'),
    DATASOURCE_DATABASE_URL: pgUrl(c, 'datasource'),
    S3_ENDPOINT_URL: s3Url(c),
    S3_REGION: 'us-east-1',
    S3_BUCKET: c.bucket,
    AWS_ACCESS_KEY_ID: c.s3User,
    AWS_SECRET_ACCESS_KEY: c.s3Password,
    MLFLOW_TRACKING_URI: mlflowUrl(c),
  };
}
