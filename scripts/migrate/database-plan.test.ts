import { describe, expect, it } from 'vitest';
import { databasePlan } from './database-plan.ts';

const pg = (user: string, db: string, scheme = 'postgresql'): string => `${scheme}://${user}:${user}-password@postgres:5432/${db}`;
const env = (overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => ({
  ADMIN_DATABASE_URL: pg('tabular', 'postgres'),
  RAW_WRITER_DATABASE_URL: pg('raw_writer', 'raw'),
  CLEAN_WRITER_DATABASE_URL: pg('clean_writer', 'clean'),
  CLEAN_WRITER_RAW_DATABASE_URL: pg('clean_writer', 'raw'),
  READER_DATABASE_URL: pg('reader', 'clean'),
  DATASOURCE_DATABASE_URL: pg('datasource', 'datasource'),
  MLFLOW_BACKEND_STORE_URI: pg('mlflow', 'mlflow', 'postgresql+psycopg2'),
  AIRFLOW_DATABASE_URL: pg('airflow', 'airflow'),
  ...overrides,
});

describe('databasePlan', () => {
  it('reads the databases and one role per kind of access from the URLs', () => {
    const plan = databasePlan(env());
    expect(plan.adminUrl).toBe(pg('tabular', 'postgres'));
    expect(plan.databases).toEqual({ raw: 'raw', clean: 'clean', datasource: 'datasource', mlflow: 'mlflow', airflow: 'airflow' });
    expect(plan.roles).toEqual([
      { name: 'raw_writer', password: 'raw_writer-password', access: { raw: ['SELECT', 'INSERT'] } },
      { name: 'clean_writer', password: 'clean_writer-password', access: { clean: ['SELECT', 'INSERT', 'UPDATE'], raw: ['SELECT'] } },
      { name: 'reader', password: 'reader-password', access: { clean: ['SELECT'] } },
      { name: 'datasource', password: 'datasource-password', access: { datasource: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] } },
      { name: 'mlflow', password: 'mlflow-password', access: { mlflow: 'owner' } },
      { name: 'airflow', password: 'airflow-password', access: { airflow: 'owner' } },
    ]);
  });

  it('follows the database names the URLs give, and decodes passwords', () => {
    const plan = databasePlan(env({
      RAW_WRITER_DATABASE_URL: 'postgresql://raw_writer:p%40ss@postgres/raw_prod',
      CLEAN_WRITER_RAW_DATABASE_URL: pg('clean_writer', 'raw_prod'),
    }));
    expect(plan.databases.raw).toBe('raw_prod');
    expect(plan.roles[0]).toEqual({ name: 'raw_writer', password: 'p@ss', access: { raw_prod: ['SELECT', 'INSERT'] } });
    expect(plan.roles[1]?.access).toEqual({ clean: ['SELECT', 'INSERT', 'UPDATE'], raw_prod: ['SELECT'] });
  });

  it('names every missing variable', () => {
    expect(() => databasePlan(env({ ADMIN_DATABASE_URL: undefined, READER_DATABASE_URL: '' }))).toThrow(
      'missing environment variables ADMIN_DATABASE_URL, READER_DATABASE_URL',
    );
  });

  it('refuses a role with the administrator\'s user: the Job would demote it', () => {
    expect(() => databasePlan(env({ READER_DATABASE_URL: pg('tabular', 'clean') }))).toThrow(/role reader has the administrator's user tabular/);
  });

  it('refuses two roles sharing one user', () => {
    expect(() => databasePlan(env({ READER_DATABASE_URL: pg('raw_writer', 'clean') }))).toThrow(/roles rawWriter and reader have the same user raw_writer/);
  });

  it('refuses the two URLs of one role with different logins', () => {
    expect(() => databasePlan(env({ CLEAN_WRITER_RAW_DATABASE_URL: pg('other', 'raw') }))).toThrow(/URLs of role cleanWriter .* differ/);
  });

  it('refuses URLs that disagree on a database, or use one database for two purposes', () => {
    expect(() => databasePlan(env({ CLEAN_WRITER_RAW_DATABASE_URL: pg('clean_writer', 'raw2') }))).toThrow(/names database raw2, another URL names raw/);
    expect(() => databasePlan(env({ DATASOURCE_DATABASE_URL: pg('datasource', 'clean') }))).toThrow(/names database clean, which is the clean database/);
  });

  it('refuses a URL without a password, and never prints one', () => {
    expect(() => databasePlan(env({ READER_DATABASE_URL: 'postgresql://reader@postgres/clean' }))).toThrow('READER_DATABASE_URL has no user or no password');
    try {
      databasePlan(env({ READER_DATABASE_URL: 'postgresql://reader:secret-value@postgres/Bad-Name' }));
      expect.unreachable();
    } catch (error) {
      expect(String(error)).toMatch(/READER_DATABASE_URL names no plain database/);
      expect(String(error)).not.toMatch(/secret-value/);
    }
  });
});
