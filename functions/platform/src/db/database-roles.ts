import pg from 'pg';
import { withClient } from './with-client.ts';

/** A privilege on the tables of a database our migrations manage. */
export type TablePrivilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

/**
 * What a role may do in one database: own it (a server that migrates its own schema, MLflow
 * or Airflow), or use the tables our migrations created there with these privileges.
 */
export type DatabaseAccess = 'owner' | readonly TablePrivilege[];

/** A login role of the cluster's PostgreSQL and the databases it may use, by name. */
export interface DatabaseRole {
  name: string;
  password: string;
  access: Readonly<Record<string, DatabaseAccess>>;
}

/** A relation or type of a database, as listed for a change of owner. */
interface OwnedObject {
  /** pg_class.relkind of a relation; `T` for a type. */
  kind: string;
  name: string;
}

// The table migrate() records itself in: the set-up Job's alone, no function writes it.
const MIGRATIONS_TABLE = 'schema_migrations';
const ident = (name: string): string => pg.escapeIdentifier(name);
// escapeLiteral writes E'...' when the text holds a backslash, so any password is safe.
const literal = (text: string): string => pg.escapeLiteral(text);

/** The URL of another database on the same server, with the same login. */
export function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/**
 * The statement that makes `role` a plain login role with its password: created when
 * missing, reset otherwise (so a changed password in the Secret takes effect). A role that is
 * a superuser is refused: it is not one of ours, and altering it would demote it.
 */
export function loginRoleStatement(role: Pick<DatabaseRole, 'name' | 'password'>, existing: { superuser: boolean } | undefined): string {
  if (existing?.superuser) throw new Error(`role ${role.name} is a superuser: give the role its own name, not the administrator's`);
  const attributes = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT';
  return `${existing ? 'ALTER' : 'CREATE'} ROLE ${ident(role.name)} WITH ${attributes} PASSWORD ${literal(role.password)}`;
}

/**
 * Who may connect to `database` (run on the maintenance database): no one by default, each
 * role with access to it, and its owner when it has one.
 */
export function databaseStatements(database: string, roles: readonly DatabaseRole[]): string[] {
  const db = ident(database);
  const statements = [`REVOKE CONNECT, TEMPORARY ON DATABASE ${db} FROM PUBLIC`];
  for (const role of roles) {
    const access = role.access[database];
    if (access === 'owner') statements.push(`ALTER DATABASE ${db} OWNER TO ${ident(role.name)}`);
    statements.push(`${access === undefined ? 'REVOKE' : 'GRANT'} CONNECT ON DATABASE ${db} ${access === undefined ? 'FROM' : 'TO'} ${ident(role.name)}`);
  }
  return statements;
}

/**
 * The privileges of each role on the tables of one database (run in that database): what it
 * had is revoked and its access granted again, so a role that lost a privilege loses it
 * here. A role that inserts may draw from the sequences (bigserial keys).
 */
export function tableStatements(database: string, tables: readonly string[], roles: readonly DatabaseRole[]): string[] {
  const ours = tables.filter((t) => t !== MIGRATIONS_TABLE).map((t) => `public.${ident(t)}`);
  const statements = ['REVOKE CREATE ON SCHEMA public FROM PUBLIC'];
  for (const role of roles) {
    const access = role.access[database];
    if (access === 'owner') throw new Error(`database ${database} has tables of our migrations: it cannot be owned by role ${role.name}`);
    const name = ident(role.name);
    statements.push(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${name}`, `REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${name}`);
    if (access === undefined || access.length === 0 || ours.length === 0) continue;
    statements.push(`GRANT ${access.join(', ')} ON TABLE ${ours.join(', ')} TO ${name}`);
    if (access.includes('INSERT')) statements.push(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${name}`);
  }
  return statements;
}

const alterKind: Record<string, string> = { r: 'TABLE', p: 'TABLE', f: 'FOREIGN TABLE', v: 'VIEW', m: 'MATERIALIZED VIEW', S: 'SEQUENCE', T: 'TYPE' };

/**
 * Hands the objects of a database over to its owner role (run in that database): what an
 * earlier release created as the administrator (tables, views, sequences, types) becomes the
 * owner's, so its server can use and migrate them.
 */
export function ownershipStatements(objects: readonly OwnedObject[], owner: string): string[] {
  return [
    `GRANT CREATE, USAGE ON SCHEMA public TO ${ident(owner)}`,
    ...objects.map((o) => {
      const kind = alterKind[o.kind];
      if (kind === undefined) throw new Error(`cannot hand over ${o.name}: unknown kind ${o.kind}`);
      return `ALTER ${kind} public.${ident(o.name)} OWNER TO ${ident(owner)}`;
    }),
  ];
}

// Relations and types of schema public the owner does not own yet. Sequences of a serial or
// identity column are left out: they follow their table.
const NOT_OWNED = `
  WITH owner AS (SELECT oid FROM pg_roles WHERE rolname = $1)
  SELECT c.relkind::text AS kind, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S') AND c.relowner <> (SELECT oid FROM owner)
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                       AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') AND c.relkind = 'S')
  UNION ALL
  SELECT 'T', t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r') AND t.typowner <> (SELECT oid FROM owner)
  ORDER BY 1, 2`;

/**
 * Creates the login roles (or resets their passwords), and sets who may connect to each
 * database and what each role may do there, connecting as the administrator (`adminUrl`, on
 * the maintenance database). Idempotent: run after every migration, it also covers the tables
 * a new migration created. Returns the databases it set, by name.
 */
export async function ensureDatabaseRoles(adminUrl: string, roles: readonly DatabaseRole[]): Promise<string[]> {
  const names = roles.map((r) => r.name);
  if (new Set(names).size !== names.length) throw new Error(`roles named twice: ${names.join(', ')}`);
  const databases = [...new Set(roles.flatMap((r) => Object.keys(r.access)))].sort();
  await withClient(adminUrl, 'ensure roles', async (client) => {
    for (const role of roles) {
      const found = await client.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = $1', [role.name]);
      const existing = found.rows[0] === undefined ? undefined : { superuser: found.rows[0].rolsuper };
      await client.query(loginRoleStatement(role, existing));
    }
    for (const database of databases) for (const statement of databaseStatements(database, roles)) await client.query(statement);
  });
  for (const database of databases) {
    const owner = roles.find((r) => r.access[database] === 'owner');
    await withClient(databaseUrl(adminUrl, database), `grants on ${database}`, async (client) => {
      await client.query('BEGIN');
      if (owner !== undefined) {
        const objects = await client.query<OwnedObject>(NOT_OWNED, [owner.name]);
        for (const statement of ownershipStatements(objects.rows, owner.name)) await client.query(statement);
      } else {
        const tables = await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
        for (const statement of tableStatements(database, tables.rows.map((t) => t.tablename), roles)) await client.query(statement);
      }
      await client.query('COMMIT');
    });
  }
  return databases;
}
