import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { paths } from './paths.ts';

/** How to run one local server and how to tell that it is up. */
export interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Run as this user and group (PostgreSQL refuses to run as root). */
  uid?: number;
  gid?: number;
  /** True when the service answers as it should. Must not throw. */
  healthy: () => Promise<boolean>;
  /** How long start-up may take: MLflow migrates its schema on the first start. */
  startTimeoutMs: number;
  /** PostgreSQL: SIGINT is its fast shutdown; SIGTERM would wait for every client. */
  stopSignal?: NodeJS.Signals;
}

export type StartOutcome = 'started' | 'reused';

/** A started (or reused) service: where it answers and where it logs. */
export interface RunningService {
  name: string;
  url: string;
  outcome: StartOutcome;
  log: string;
}

const pidFile = (name: string): string => path.join(paths.run, `${name}.pid`);
const specFile = (name: string): string => path.join(paths.run, `${name}.spec`);

/**
 * What a running service was started with: its command, arguments, folder and the variables
 * the spec sets. A service of ours that answers but was started otherwise (another dataset's
 * predictor, a function from before a configuration variable existed) is restarted, not reused.
 */
const fingerprint = (spec: ServiceSpec): string =>
  createHash('sha256')
    .update(JSON.stringify([spec.command, spec.args, spec.cwd ?? '', Object.entries(spec.env ?? {}).sort(([a], [b]) => a.localeCompare(b))]))
    .digest('hex');

/** True when the service was started by us with another spec than this one. */
async function startedOtherwise(spec: ServiceSpec): Promise<boolean> {
  if ((await recordedPid(spec.name)) === undefined || !existsSync(specFile(spec.name))) return false;
  return (await readFile(specFile(spec.name), 'utf8')).trim() !== fingerprint(spec);
}
const logFile = (name: string): string => path.join(paths.logs, `${name}.log`);

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The pid recorded for a service this project started, if that process still runs. */
export async function recordedPid(name: string): Promise<number | undefined> {
  if (!existsSync(pidFile(name))) return undefined;
  const pid = Number((await readFile(pidFile(name), 'utf8')).trim());
  return Number.isInteger(pid) && isAlive(pid) ? pid : undefined;
}

async function tail(file: string): Promise<string> {
  if (!existsSync(file)) return '(no log)';
  return (await readFile(file, 'utf8')).split('\n').slice(-30).join('\n');
}

/**
 * Starts a service as a detached process with its output in .cache/stack/logs and its pid
 * in .cache/stack/run, then waits until it is healthy. A service already healthy is reused,
 * unless we started it with another spec: then it is stopped and started again.
 */
async function startService(spec: ServiceSpec): Promise<StartOutcome> {
  if (await startedOtherwise(spec)) await stopService(spec.name, spec.stopSignal);
  else if (await spec.healthy()) return 'reused';
  const stale = await recordedPid(spec.name);
  if (stale !== undefined) {
    // Ours but not answering: give it its start-up time before starting another one.
    if (await waitHealthy(spec)) return 'reused';
    throw new Error(`${spec.name} (pid ${stale}) runs but is not healthy. Log:\n${await tail(logFile(spec.name))}`);
  }
  await mkdir(paths.run, { recursive: true });
  await mkdir(paths.logs, { recursive: true });
  const log = openSync(logFile(spec.name), 'a');
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    detached: true,
    stdio: ['ignore', log, log],
    ...(spec.uid === undefined ? {} : { uid: spec.uid, gid: spec.gid }),
  });
  closeSync(log);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  child.unref();
  if (child.pid === undefined) throw new Error(`${spec.name}: could not start ${spec.command}`);
  await writeFile(pidFile(spec.name), String(child.pid));
  await writeFile(specFile(spec.name), fingerprint(spec));

  const deadline = Date.now() + spec.startTimeoutMs;
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      await rm(pidFile(spec.name), { force: true });
      throw new Error(`${spec.name} exited with ${exited} during start-up. Log (${logFile(spec.name)}):\n${await tail(logFile(spec.name))}`);
    }
    if (await spec.healthy()) return 'started';
    await sleep(250);
  }
  await stopService(spec.name, spec.stopSignal);
  throw new Error(`${spec.name} was not healthy within ${spec.startTimeoutMs} ms. Log:\n${await tail(logFile(spec.name))}`);
}

/** startService, reporting the service with the URL it answers at. */
export async function startServiceAt(spec: ServiceSpec, url: string): Promise<RunningService> {
  return { name: spec.name, url, outcome: await startService(spec), log: logFile(spec.name) };
}

async function waitHealthy(spec: ServiceSpec): Promise<boolean> {
  const deadline = Date.now() + spec.startTimeoutMs;
  while (Date.now() < deadline) {
    if (await spec.healthy()) return true;
    await sleep(500);
  }
  return false;
}

/**
 * Stops a service this project started (by its recorded pid, whole process group), and
 * waits for it to exit. Anything the project did not start is left alone.
 */
export async function stopService(name: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<boolean> {
  const pid = await recordedPid(name);
  await rm(pidFile(name), { force: true }).catch(() => undefined);
  await rm(specFile(name), { force: true }).catch(() => undefined);
  if (pid === undefined) return false;
  const send = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  send(signal);
  const deadline = Date.now() + 20_000;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) send('SIGKILL');
  return true;
}
