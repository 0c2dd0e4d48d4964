/**
 * A cluster's database set-up (the chart's migrate-databases Job, image tabular-ct-migrate):
 * creates the RAW, CLEAN, simulator, MLflow and Airflow databases when missing, applies the
 * SQL migrations RAW, CLEAN and the simulator's have not run yet (as the administrator, who
 * owns their tables), then creates each login role and sets what it may do
 * (scripts/migrate/database-plan.ts). Idempotent, so it runs on every release.
 * ADMIN_DATABASE_URL points at the server's maintenance database as a superuser; every role's
 * URL (login, password, database) comes from the Secret.
 */
import { databaseUrl, ensureDatabaseRoles, ensureDatabases, migrateAt, type DatabaseName } from '@tabular-ct/platform';
import { databasePlan } from './migrate/database-plan.ts';

let plan;
try {
  plan = databasePlan(process.env);
} catch (error) {
  console.error(`database set-up: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const created = await ensureDatabases(plan.adminUrl, Object.values(plan.databases));
console.log(JSON.stringify({ msg: 'databases ensured', created }));
for (const name of ['raw', 'clean', 'datasource'] as const satisfies readonly DatabaseName[]) {
  const applied = await migrateAt(databaseUrl(plan.adminUrl, plan.databases[name]), name);
  console.log(JSON.stringify({ msg: 'migrated', database: name, applied }));
}
const granted = await ensureDatabaseRoles(plan.adminUrl, plan.roles);
console.log(JSON.stringify({ msg: 'roles ensured', roles: plan.roles.map((r) => r.name), databases: granted }));
