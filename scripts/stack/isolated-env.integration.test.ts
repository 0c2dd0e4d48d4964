import { registeredModelName } from '@tabular-ct/core';
import { createMlflowClient, createPool, createS3ObjectStore, loadConfig } from '@tabular-ct/platform';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolatedStackEnv } from './isolated-env.ts';
import { repoRoot } from './paths.ts';
import { startStack } from './stack.ts';

const NAME = 'itest_isolated';

async function appliedMigrations(url: string): Promise<string[]> {
  const pool = createPool(url);
  try {
    return (await pool.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).rows.map((r) => r.name);
  } finally {
    await pool.end();
  }
}

const migrationFiles = async (db: string): Promise<string[]> =>
  (await readdir(path.join(repoRoot, 'functions/platform/migrations', db))).filter((f) => f.endsWith('.sql')).sort();

describe('isolatedStackEnv', () => {
  it('points at fresh migrated databases, an empty bucket and MLflow names of its own', async () => {
    // Reuses the stack the integration project's global setup started.
    const stack = await startStack();
    const first = await isolatedStackEnv(stack, NAME);
    expect(first.RAW_DATABASE_URL).toMatch(/\/raw_itest_isolated$/);
    expect(first.CLEAN_DATABASE_URL).toMatch(/\/clean_itest_isolated$/);
    expect(first.DATASOURCE_DATABASE_URL).toMatch(/\/datasource_itest_isolated$/);
    expect(first.MODEL_NAME_PREFIX).toBe(NAME);
    expect(first.S3_BUCKET).not.toBe(stack.env.S3_BUCKET);
    for (const [db, url] of [['raw', first.RAW_DATABASE_URL], ['clean', first.CLEAN_DATABASE_URL], ['datasource', first.DATASOURCE_DATABASE_URL]] as const) {
      expect(await appliedMigrations(url ?? '')).toEqual(await migrationFiles(db));
    }

    // Leave traces of a run in each place, then ask for the environment again: they are gone.
    const clean = createPool(first.CLEAN_DATABASE_URL ?? '');
    await clean.query('CREATE TABLE leftover (x int)').finally(() => clean.end());
    const store = createS3ObjectStore(loadConfig(first, ['objectStore']).objectStore);
    await store.put('raw/realtor/group-1/leftover.txt', 'x');
    const mlflow = createMlflowClient(loadConfig(first, ['mlflow']).mlflow);
    const model = registeredModelName('realtor', NAME);
    await mlflow.registry.getOrCreateRegisteredModel(model);

    const second = await isolatedStackEnv(stack, NAME);
    expect(second).toEqual(first);
    const again = createPool(second.CLEAN_DATABASE_URL ?? '');
    try {
      const tables = await again.query("SELECT 1 FROM pg_tables WHERE tablename = 'leftover'");
      expect(tables.rowCount).toBe(0);
    } finally {
      await again.end();
    }
    expect(await appliedMigrations(second.CLEAN_DATABASE_URL ?? '')).toEqual(await migrationFiles('clean'));
    expect(await store.list('')).toEqual([]);
    expect((await mlflow.registry.searchModelVersions({ filter: `name = '${model}'` })).versions).toEqual([]);
    expect(await mlflow.registry.deleteRegisteredModel(model)).toBe(false);

    // The stack's own databases are untouched.
    expect(await appliedMigrations(stack.env.RAW_DATABASE_URL ?? '')).toEqual(await migrationFiles('raw'));
  });
});
