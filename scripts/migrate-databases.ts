/**
 * A cluster's database set-up (the chart's migrate-databases Job, image tabular-ct-migrate):
 * creates the RAW, CLEAN and simulator databases and any in ALSO_CREATE_DATABASES when
 * missing, then applies the SQL migrations each has not run yet. Idempotent, so it runs on
 * every release. ADMIN_DATABASE_URL points at the server's maintenance database.
 */
import { createPool, ensureDatabases, loadConfig, migrate, type DatabaseName } from '@tabular-ct/platform';

const adminUrl = process.env.ADMIN_DATABASE_URL;
if (!adminUrl) {
  console.error('ADMIN_DATABASE_URL is required (a URL of the server\'s maintenance database, e.g. postgresql://user:pass@host:5432/postgres)');
  process.exit(1);
}
const { database, datasource } = loadConfig(process.env, ['database', 'datasource']);
const urls: Record<DatabaseName, string> = { raw: database.rawUrl, clean: database.cleanUrl, datasource: datasource.databaseUrl };
const nameOf = (url: string): string => decodeURIComponent(new URL(url).pathname.slice(1));
const extra = (process.env.ALSO_CREATE_DATABASES ?? '').split(',').map((s) => s.trim()).filter(Boolean);

const created = await ensureDatabases(adminUrl, [...Object.values(urls).map(nameOf), ...extra]);
console.log(JSON.stringify({ msg: 'databases ensured', created }));
for (const [name, url] of Object.entries(urls) as [DatabaseName, string][]) {
  const pool = createPool(url);
  try {
    const applied = await migrate(pool, name);
    console.log(JSON.stringify({ msg: 'migrated', database: name, applied }));
  } finally {
    await pool.end();
  }
}
