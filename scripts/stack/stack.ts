import { createS3ObjectStore, ensureDatabases, loadConfig, migrateAt } from '@tabular-ct/platform';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { functionServiceNames } from './functions.ts';
import { ensureMinio, minioService } from './minio.ts';
import { ensureSeaweedfs, seaweedfsService } from './seaweedfs.ts';
import { mlflowService } from './mlflow.ts';
import { paths } from './paths.ts';
import { postgresService } from './postgres.ts';
import { ensurePythonEnv } from './python-env.ts';
import { startServiceAt, stopService, type RunningService, type ServiceSpec } from './service.ts';
import { databases, functionEnv, mlflowUrl, pgUrl, s3Url, stackConfig, type StackConfig } from './stack-config.ts';

export interface RunningStack {
  config: StackConfig;
  /** Variables that point the functions and tests at this stack. */
  env: Record<string, string>;
  services: RunningService[];
  /** Stops the services this call started; services it reused keep running. */
  stop(): Promise<void>;
}

const stopOrder = ['mlflow', 'seaweedfs', 'minio', 'postgres'];

/** The chosen S3 server: how to build it and how to run it. */
const objectStores = {
  seaweedfs: { ensure: ensureSeaweedfs, service: seaweedfsService },
  minio: { ensure: ensureMinio, service: minioService },
} as const;
const stopSignals: Record<string, NodeJS.Signals> = { postgres: 'SIGINT' };

/** Installs what is missing (Python environment, the S3 server) without starting anything. */
export async function installStack(config: StackConfig = stackConfig()): Promise<void> {
  await Promise.all([ensurePythonEnv(), objectStores[config.objectStore].ensure()]);
}

/**
 * Starts (or reuses) PostgreSQL with its databases and migrations, the S3 server
 * (STACK_OBJECT_STORE: SeaweedFS by default, or MinIO) with the bucket,
 * and MLflow, each health-checked. Idempotent: a second call reuses what runs.
 */
export async function startStack(config: StackConfig = stackConfig()): Promise<RunningStack> {
  await installStack(config);
  const started: string[] = [];
  const services: RunningService[] = [];
  const start = async (spec: ServiceSpec, url: string): Promise<void> => {
    const service = await startServiceAt(spec, url);
    if (service.outcome === 'started') started.push(spec.name);
    services.push(service);
  };
  const env = functionEnv(config);
  const stopStarted = async (): Promise<void> => {
    for (const name of stopOrder) if (started.includes(name)) await stopService(name, stopSignals[name]);
  };

  try {
    // allSettled, not all: when one start fails, the other must finish before we stop it.
    const outcomes = await Promise.allSettled([
      (async () => {
        await start(await postgresService(config), `postgresql://${config.host}:${config.pgPort}`);
        await ensureDatabases(pgUrl(config, 'postgres'), databases);
        const { database, datasource } = loadConfig(env, ['database', 'datasource']);
        for (const [name, url] of [['raw', database.rawUrl], ['clean', database.cleanUrl], ['datasource', datasource.databaseUrl]] as const) await migrateAt(url, name);
      })(),
      (async () => {
        // The other kind may hold the port from an earlier run with the other choice.
        for (const other of Object.keys(objectStores)) if (other !== config.objectStore) await stopService(other);
        await start(objectStores[config.objectStore].service(config), s3Url(config));
        await createS3ObjectStore(loadConfig(env, ['objectStore']).objectStore).ensureBucket();
      })(),
    ]);
    for (const o of outcomes) if (o.status === 'rejected') throw o.reason;
    await start(mlflowService(config), mlflowUrl(config));
  } catch (error) {
    await stopStarted();
    throw error;
  }
  return { config, env, services, stop: stopStarted };
}

/** Stops every service the project started, whoever started it (pid files), and nothing else. */
export async function stopStack(): Promise<string[]> {
  const stopped: string[] = [];
  // Every recorded pid, so the functions of a test's set (`e2e-train`, ...) stop too, before the stack they use.
  const recorded = existsSync(paths.run) ? (await readdir(paths.run)).filter((f) => f.endsWith('.pid')).map((f) => f.slice(0, -'.pid'.length)) : [];
  const functions = [...new Set([...functionServiceNames, ...recorded])].filter((name) => !stopOrder.includes(name));
  for (const name of [...functions, ...stopOrder]) if (await stopService(name, stopSignals[name])) stopped.push(name);
  return stopped;
}
