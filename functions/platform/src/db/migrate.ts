import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPool, type Pool } from './pool.ts';
import { withTransaction } from './transaction.ts';

export type DatabaseName = 'raw' | 'clean' | 'datasource';

const migrationsRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

// Any constant works; it only has to be the same for every process migrating these databases.
const MIGRATION_LOCK_KEY = 7_061_729;

/**
 * Applies the SQL files of migrations/<database>/ that have not run yet, in name order,
 * each in its own transaction and recorded in schema_migrations. An advisory lock makes
 * concurrent start-ups wait for each other instead of racing. Returns the files applied.
 */
export async function migrate(pool: Pool, database: DatabaseName): Promise<string[]> {
  const dir = path.join(migrationsRoot, database);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  return withTransaction(pool, `migrate ${database}`, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      // Within the outer transaction: one failing file rolls back every file of this run.
      await client.query(await readFile(path.join(dir, file), 'utf8'));
      await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      applied.push(file);
    }
    return applied;
  });
}

/** migrate on a pool of its own to `url`, ended afterwards: for set-up scripts. */
export async function migrateAt(url: string, database: DatabaseName): Promise<string[]> {
  const pool = createPool(url);
  try {
    return await migrate(pool, database);
  } finally {
    await pool.end();
  }
}
