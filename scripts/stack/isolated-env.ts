import { datasetNames, registeredModelName } from '@tabular-ct/core';
import { createMlflowClient, createS3ObjectStore, loadConfig, migrateAt, recreateDatabases, type DatabaseName } from '@tabular-ct/platform';
import type { RunningStack } from './stack.ts';
import { pgUrl } from './stack-config.ts';

/** The databases a set of functions owns; `mlflow` and `airflow` stay shared. */
const ownDatabases: readonly DatabaseName[] = ['raw', 'clean', 'datasource'];

/** The object-store bucket of an isolated set: the stack's bucket name with the set's name. */
const isolatedBucket = (stack: RunningStack, name: string): string => `${stack.config.bucket}-${name.replaceAll('_', '-')}`;

/**
 * A fresh, private world for a whole cycle on the shared stack, beside the demo's: empty
 * migrated databases `raw_<name>`, `clean_<name>`, `datasource_<name>`, an empty bucket
 * `<bucket>-<name>`, and MLflow names `<name>-<dataset>` with no registered model left from a
 * previous run. Returns the stack's environment pointed at them, for startFunctions.
 *
 * A bucket of its own, rather than a key prefix: collect completes any archived payload that
 * RAW does not hold (a crash between archiving and committing), so with a fresh RAW beside the
 * demo's archive it would "recover" the demo's batches. MLflow's artifacts stay in MLflow's
 * own location: they are reached through its server, by run, never by a fixed key.
 * Experiments keep their runs from earlier runs of the same name (MLflow keeps a deleted
 * experiment's name): count a run's records by its start time or its version.
 */
export async function isolatedStackEnv(stack: RunningStack, name: string): Promise<Record<string, string>> {
  if (!/^[a-z][a-z0-9_]{0,30}$/.test(name)) throw new Error(`an isolated environment's name is lowercase letters, digits and _ (it names databases): "${name}"`);
  const urls = Object.fromEntries(ownDatabases.map((db) => [db, pgUrl(stack.config, `${db}_${name}`)])) as Record<DatabaseName, string>;
  await recreateDatabases(pgUrl(stack.config, 'postgres'), ownDatabases.map((db) => `${db}_${name}`));
  for (const db of ownDatabases) await migrateAt(urls[db], db);

  const env: Record<string, string> = {
    ...stack.env,
    RAW_DATABASE_URL: urls.raw,
    CLEAN_DATABASE_URL: urls.clean,
    DATASOURCE_DATABASE_URL: urls.datasource,
    S3_BUCKET: isolatedBucket(stack, name),
    MODEL_NAME_PREFIX: name,
  };

  const store = createS3ObjectStore(loadConfig(env, ['objectStore']).objectStore);
  await store.ensureBucket();
  for (const object of await store.list('')) await store.delete(object.key);

  const mlflow = createMlflowClient(loadConfig(env, ['mlflow']).mlflow);
  for (const dataset of datasetNames) await mlflow.registry.deleteRegisteredModel(registeredModelName(dataset, name));
  return env;
}
