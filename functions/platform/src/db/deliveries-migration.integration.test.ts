import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { recreateDatabases } from './ensure-databases.ts';
import { createPool, type Pool } from './pool.ts';

// Batches collected before deliveries existed (raw/003_deliveries.sql, clean/004_deliveries.sql)
// must keep working: their ids take a delivery number, their rows and decisions follow them.
// Each database is built up to the migration before, filled the old way, then migrated.
const migrations = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

async function applyUpTo(pool: Pool, database: 'raw' | 'clean', before: string, last?: string): Promise<void> {
  const files = (await readdir(path.join(migrations, database))).filter((f) => f.endsWith('.sql')).sort();
  for (const file of files.filter((f) => (last === undefined ? f < before : f >= before && f <= last))) {
    await pool.query(await readFile(path.join(migrations, database, file), 'utf8'));
  }
}

describe('migrating batches collected before deliveries', () => {
  const env = inject('stackEnv');
  const admin = new URL(env.RAW_DATABASE_URL ?? '');
  admin.pathname = '/postgres';
  const url = (db: string): string => Object.assign(new URL(admin), { pathname: `/${db}` }).toString();
  const names = { raw: `raw_migration_test_${process.pid}`, clean: `clean_migration_test_${process.pid}` };
  let raw: Pool;
  let clean: Pool;

  beforeAll(async () => {
    await recreateDatabases(admin.toString(), Object.values(names));
    raw = createPool(url(names.raw));
    clean = createPool(url(names.clean));
  });
  afterAll(async () => {
    await Promise.all([raw?.end(), clean?.end()]);
    const client = createPool(admin.toString());
    for (const name of Object.values(names)) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });

  it('numbers RAW batches by their batch number and renames them with their rows', async () => {
    await applyUpTo(raw, 'raw', '003');
    for (const [group, batch] of [[1, 10], [1, 0], [1, 2], [2, 0]] as const) {
      const id = `realtor-g${group}-b${batch}`;
      await raw.query(
        `INSERT INTO batches (batch_id, dataset, group_number, batch_number, source_url, row_count, payload_sha256, archive_key)
         VALUES ($1, 'realtor', $2, $3, 'http://api', 1, $4, 'k')`,
        [id, group, batch, String(batch % 10).repeat(64)],
      );
      await raw.query('INSERT INTO raw_rows (batch_id, row_index, payload) VALUES ($1, 0, $2)', [id, { batch }]);
    }
    await applyUpTo(raw, 'raw', '003', '003_deliveries.sql');
    const batches = await raw.query('SELECT batch_id, group_number, batch_number, delivery FROM batches ORDER BY group_number, delivery');
    expect(batches.rows.map((b) => [b.batch_id, b.delivery])).toEqual([
      ['realtor-g1-b0-d1', 1],
      ['realtor-g1-b2-d3', 3],
      ['realtor-g1-b10-d11', 11],
      ['realtor-g2-b0-d1', 1],
    ]);
    const rows = await raw.query('SELECT batch_id, payload FROM raw_rows ORDER BY batch_id');
    expect(rows.rows.map((r) => [r.batch_id, r.payload.batch])).toEqual([
      ['realtor-g1-b0-d1', 0],
      ['realtor-g1-b10-d11', 10],
      ['realtor-g1-b2-d3', 2],
      ['realtor-g2-b0-d1', 0],
    ]);
    // Another sample of batch 2 is a new delivery now; the same content is not.
    await raw.query(
      `INSERT INTO batches (batch_id, dataset, group_number, batch_number, delivery, source_url, row_count, payload_sha256, archive_key)
       VALUES ('realtor-g1-b2-d4', 'realtor', 1, 2, 4, 'http://api', 1, $1, 'k')`,
      ['e'.repeat(64)],
    );
    await expect(
      raw.query(
        `INSERT INTO batches (batch_id, dataset, group_number, batch_number, delivery, source_url, row_count, payload_sha256, archive_key)
         VALUES ('realtor-g1-b2-d5', 'realtor', 1, 2, 5, 'http://api', 1, $1, 'k')`,
        ['2'.repeat(64)],
      ),
    ).rejects.toThrow(/duplicate key/);
  });

  it('renames CLEAN batches the same way, with their rows, reports and decisions, even without batch 1 that RAW holds', async () => {
    await applyUpTo(clean, 'clean', '004');
    for (const batch of [10, 0, 2]) {
      const id = `realtor-g1-b${batch}`;
      await clean.query("INSERT INTO clean_batches (batch_id, dataset, rows_in, rows_clean, rows_rejected, rows_duplicate) VALUES ($1, 'realtor', 1, 1, 0, 0)", [id]);
      await clean.query("INSERT INTO clean_rows (batch_id, row_index, dataset, row_key, split, features, target) VALUES ($1, 0, 'realtor', $1, 'train', '{}', 1)", [id]);
      await clean.query("INSERT INTO batch_profiles (batch_id, profile) VALUES ($1, '{}')", [id]);
      await clean.query("INSERT INTO drift_reports (batch_id, dataset, retrain, reasons, report) VALUES ($1, 'realtor', true, '[]', '{}')", [id]);
      await clean.query("INSERT INTO decisions (dataset, batch_id, kind) VALUES ('realtor', $1, 'train')", [id]);
    }
    await applyUpTo(clean, 'clean', '004', '004_deliveries.sql');
    // Numbered like RAW's, whatever RAW holds that CLEAN does not.
    const batches = await clean.query('SELECT batch_id, group_number, batch_number, delivery, processed_with FROM clean_batches ORDER BY delivery');
    expect(batches.rows).toEqual([
      { batch_id: 'realtor-g1-b0-d1', group_number: 1, batch_number: 0, delivery: 1, processed_with: 'realtor-g1-b0-d1' },
      { batch_id: 'realtor-g1-b2-d3', group_number: 1, batch_number: 2, delivery: 3, processed_with: 'realtor-g1-b2-d3' },
      { batch_id: 'realtor-g1-b10-d11', group_number: 1, batch_number: 10, delivery: 11, processed_with: 'realtor-g1-b10-d11' },
    ]);
    const ids = ['realtor-g1-b0-d1', 'realtor-g1-b10-d11', 'realtor-g1-b2-d3'];
    for (const table of ['clean_rows', 'batch_profiles', 'drift_reports', 'decisions']) {
      expect((await clean.query(`SELECT batch_id FROM ${table} ORDER BY batch_id`)).rows.map((r) => r.batch_id), table).toEqual(ids);
    }
    expect((await clean.query('SELECT deliveries FROM drift_reports ORDER BY batch_id')).rows.map((r) => r.deliveries)).toEqual(ids.map((id) => [id]));
  });

  it('stops, naming them, on CLEAN ids that are not batch ids', async () => {
    const name = `clean_migration_odd_${process.pid}`;
    await recreateDatabases(admin.toString(), [name]);
    const odd = createPool(url(name));
    try {
      await applyUpTo(odd, 'clean', '004');
      await odd.query("INSERT INTO clean_batches (batch_id, dataset, rows_in, rows_clean, rows_rejected, rows_duplicate) VALUES ('realtor-copy', 'realtor', 0, 0, 0, 0)");
      await expect(applyUpTo(odd, 'clean', '004', '004_deliveries.sql')).rejects.toThrow(/ids that are not <dataset>-g<group>-b<batch>: realtor-copy/);
    } finally {
      await odd.end();
      const client = createPool(admin.toString());
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    }
  });
});
