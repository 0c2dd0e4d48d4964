import { withClient } from './with-client.ts';

/**
 * Creates each database that does not exist yet, connecting to the server's maintenance
 * database with `adminUrl`. Used by the local stack and by a cluster's set-up job.
 */
export async function ensureDatabases(adminUrl: string, names: readonly string[]): Promise<string[]> {
  return withClient(adminUrl, 'ensure databases', async (client) => {
    const created: string[] = [];
    for (const name of names) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount === 0) {
        await client.query(`CREATE DATABASE ${name}`);
        created.push(name);
      }
    }
    return created;
  });
}

/**
 * Drops each database (closing its connections) and creates it empty: a fresh RAW or CLEAN
 * for a test that needs the whole cycle from nothing, beside the databases others use.
 */
export async function recreateDatabases(adminUrl: string, names: readonly string[]): Promise<void> {
  await withClient(adminUrl, 'recreate databases', async (client) => {
    for (const name of names) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      // FORCE (PostgreSQL 13+) ends the sessions of functions still connected from a previous run.
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${name}`);
    }
  });
}
