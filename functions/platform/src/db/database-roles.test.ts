import { describe, expect, it } from 'vitest';
import { databaseStatements, databaseUrl, loginRoleStatement, ownershipStatements, tableStatements, type DatabaseRole } from './database-roles.ts';

const writer: DatabaseRole = { name: 'raw_writer', password: 'pw', access: { raw: ['SELECT', 'INSERT'] } };
const reader: DatabaseRole = { name: 'reader', password: 'pw', access: { clean: ['SELECT'] } };
const mlflow: DatabaseRole = { name: 'mlflow', password: 'pw', access: { mlflow: 'owner' } };

describe('loginRoleStatement', () => {
  it('creates a missing role as a plain login with its password', () => {
    expect(loginRoleStatement(writer, undefined)).toBe(
      `CREATE ROLE "raw_writer" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD 'pw'`,
    );
  });

  it('resets an existing role, so a new password in the Secret takes effect', () => {
    expect(loginRoleStatement(writer, { superuser: false })).toMatch(/^ALTER ROLE "raw_writer" WITH LOGIN NOSUPERUSER .* PASSWORD 'pw'$/);
  });

  it('quotes names and passwords, whatever they hold', () => {
    expect(loginRoleStatement({ name: 'a"b', password: `it's\\x` }, undefined)).toBe(
      `CREATE ROLE "a""b" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD  E'it''s\\\\x'`,
    );
  });

  it('refuses to alter a superuser', () => {
    expect(() => loginRoleStatement({ name: 'tabular', password: 'x' }, { superuser: true })).toThrow(/superuser/);
  });
});

describe('databaseStatements', () => {
  it('closes the database to PUBLIC and opens it to the roles with access only', () => {
    expect(databaseStatements('raw', [writer, reader])).toEqual([
      'REVOKE CONNECT, TEMPORARY ON DATABASE "raw" FROM PUBLIC',
      'GRANT CONNECT ON DATABASE "raw" TO "raw_writer"',
      'REVOKE CONNECT ON DATABASE "raw" FROM "reader"',
    ]);
  });

  it('gives an owned database to its owner', () => {
    expect(databaseStatements('mlflow', [mlflow])).toContain('ALTER DATABASE "mlflow" OWNER TO "mlflow"');
  });
});

describe('tableStatements', () => {
  const tables = ['batches', 'inference_log', 'schema_migrations'];

  it('grants each role its privileges on every table but the migrations record', () => {
    const statements = tableStatements('raw', tables, [writer, reader]);
    expect(statements).toContain('GRANT SELECT, INSERT ON TABLE public."batches", public."inference_log" TO "raw_writer"');
    expect(statements.join('\n')).not.toMatch(/schema_migrations/);
  });

  it('lets a role that inserts draw from the sequences, and a reader not', () => {
    const statements = tableStatements('clean', tables, [writer, reader]);
    expect(statements).toContain('GRANT SELECT ON TABLE public."batches", public."inference_log" TO "reader"');
    expect(statements.filter((s) => s.includes('SEQUENCES') && s.startsWith('GRANT'))).toEqual([]);
    expect(tableStatements('raw', tables, [writer])).toContain('GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "raw_writer"');
  });

  it('revokes first what a role had, so a privilege taken out of the policy goes', () => {
    const statements = tableStatements('raw', tables, [reader]);
    expect(statements).toEqual([
      'REVOKE CREATE ON SCHEMA public FROM PUBLIC',
      'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "reader"',
      'REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM "reader"',
    ]);
  });

  it('refuses an owner on a database of our migrations', () => {
    expect(() => tableStatements('mlflow', tables, [mlflow])).toThrow(/cannot be owned/);
  });
});

describe('ownershipStatements', () => {
  it('hands over each kind of object with its own statement', () => {
    const objects = [
      { kind: 'r', name: 'experiments' },
      { kind: 'v', name: 'v' },
      { kind: 'm', name: 'mv' },
      { kind: 'S', name: 'free_seq' },
      { kind: 'T', name: 'status' },
    ];
    expect(ownershipStatements(objects, 'mlflow')).toEqual([
      'GRANT CREATE, USAGE ON SCHEMA public TO "mlflow"',
      'ALTER TABLE public."experiments" OWNER TO "mlflow"',
      'ALTER VIEW public."v" OWNER TO "mlflow"',
      'ALTER MATERIALIZED VIEW public."mv" OWNER TO "mlflow"',
      'ALTER SEQUENCE public."free_seq" OWNER TO "mlflow"',
      'ALTER TYPE public."status" OWNER TO "mlflow"',
    ]);
  });

  it('refuses a kind it does not know', () => {
    expect(() => ownershipStatements([{ kind: 'x', name: 'y' }], 'mlflow')).toThrow(/unknown kind/);
  });
});

describe('databaseUrl', () => {
  it('keeps the login and changes the database', () => {
    expect(databaseUrl('postgresql://admin:p%40ss@db:5432/postgres?sslmode=require', 'raw')).toBe('postgresql://admin:p%40ss@db:5432/raw?sslmode=require');
  });
});
