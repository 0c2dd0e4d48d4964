import type { DatabaseAccess, DatabaseRole } from '@tabular-ct/platform';

/** The databases of the platform, by what they hold (their names come from the URLs). */
type Database = 'raw' | 'clean' | 'datasource' | 'mlflow' | 'airflow';

/**
 * Who may do what in PostgreSQL (docs/deployment.md, "Database roles"): each login role the
 * set-up Job creates, the variables holding its URLs (its login and password, and the
 * database each URL is for) and its access. Only the administrator (ADMIN_DATABASE_URL, the
 * Job's own) creates tables; MLflow and Airflow own their databases and migrate them.
 */
export const rolePolicy = {
  // collect's deliveries and predict's inference log.
  rawWriter: { urls: { RAW_WRITER_DATABASE_URL: 'raw' }, access: { raw: ['SELECT', 'INSERT'] } },
  // preprocess, drift, train, promote: RAW read, CLEAN written (UPDATE closes a production period).
  cleanWriter: {
    urls: { CLEAN_WRITER_DATABASE_URL: 'clean', CLEAN_WRITER_RAW_DATABASE_URL: 'raw' },
    access: { clean: ['SELECT', 'INSERT', 'UPDATE'], raw: ['SELECT'] },
  },
  // history and explain: CLEAN read, nothing written.
  reader: { urls: { READER_DATABASE_URL: 'clean' }, access: { clean: ['SELECT'] } },
  // The data API simulator's group state.
  datasource: { urls: { DATASOURCE_DATABASE_URL: 'datasource' }, access: { datasource: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] } },
  mlflow: { urls: { MLFLOW_BACKEND_STORE_URI: 'mlflow' }, access: { mlflow: 'owner' } },
  airflow: { urls: { AIRFLOW_DATABASE_URL: 'airflow' }, access: { airflow: 'owner' } },
} as const satisfies Record<string, { urls: Record<string, Database>; access: Partial<Record<Database, DatabaseAccess>> }>;

/** What the set-up Job does: databases to create and migrate, roles to create and grant. */
interface DatabasePlan {
  adminUrl: string;
  databases: Record<Database, string>;
  roles: DatabaseRole[];
}

interface Login {
  user: string;
  password: string;
  database: string;
}

// The names ensureDatabases accepts.
const plainName = /^[a-z_][a-z0-9_]*$/;

function login(variable: string, value: string): Login {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${variable} is not a URL`);
  }
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const database = decodeURIComponent(url.pathname.slice(1));
  if (user === '' || password === '') throw new Error(`${variable} has no user or no password`);
  if (!plainName.test(database)) throw new Error(`${variable} names no plain database (${JSON.stringify(database)})`);
  return { user, password, database };
}

/**
 * Reads the plan from the environment: ADMIN_DATABASE_URL and every URL of `rolePolicy`.
 * Fails naming the variables to fix (never a password) when one is missing, when the URLs of
 * one role disagree on its login, when two roles share a login or one is the
 * administrator's, or when two URLs name different databases for the same purpose.
 */
export function databasePlan(env: NodeJS.ProcessEnv): DatabasePlan {
  const variables = ['ADMIN_DATABASE_URL', ...Object.values(rolePolicy).flatMap((r) => Object.keys(r.urls))];
  const missing = variables.filter((v) => !env[v]);
  if (missing.length > 0) throw new Error(`missing environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  const value = (v: string): string => env[v] as string;
  const admin = login('ADMIN_DATABASE_URL', value('ADMIN_DATABASE_URL'));

  const databases: Partial<Record<Database, string>> = {};
  const purposeOf = new Map<string, Database>();
  const logins: [keyof typeof rolePolicy, Login][] = [];
  for (const [key, policy] of Object.entries(rolePolicy) as [keyof typeof rolePolicy, (typeof rolePolicy)[keyof typeof rolePolicy]][]) {
    let role: Login | undefined;
    for (const [variable, database] of Object.entries(policy.urls) as [string, Database][]) {
      const l = login(variable, value(variable));
      const known = databases[database];
      if (known !== undefined && known !== l.database) throw new Error(`${variable} names database ${l.database}, another URL names ${known} for the ${database} database`);
      const purpose = purposeOf.get(l.database);
      if (purpose !== undefined && purpose !== database) throw new Error(`${variable} names database ${l.database}, which is the ${purpose} database`);
      databases[database] = l.database;
      purposeOf.set(l.database, database);
      if (role !== undefined && (role.user !== l.user || role.password !== l.password)) {
        throw new Error(`the URLs of role ${key} (${Object.keys(policy.urls).join(', ')}) differ in user or password`);
      }
      role = l;
    }
    if (role === undefined) continue;
    if (role.user === admin.user) throw new Error(`role ${key} has the administrator's user ${admin.user}: give it its own`);
    const taken = logins.find(([, other]) => other.user === role.user);
    if (taken !== undefined) throw new Error(`roles ${taken[0]} and ${key} have the same user ${role.user}: give each its own`);
    logins.push([key, role]);
  }
  const roles = logins.map(([key, l]): DatabaseRole => ({
    name: l.user,
    password: l.password,
    access: Object.fromEntries(Object.entries(rolePolicy[key].access).map(([db, a]) => [databases[db as Database] as string, a])),
  }));
  return { adminUrl: value('ADMIN_DATABASE_URL'), databases: databases as Record<Database, string>, roles };
}
