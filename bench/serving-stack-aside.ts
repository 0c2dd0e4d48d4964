// The local stack's servers, set aside while the predictor is measured (bench/serving.ts).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { paths } from '../scripts/stack/paths.ts';

/** A process and all its descendants (PostgreSQL's backends, MLflow's workers), read from /proc through pgrep. */
function processTree(pid: string): string[] {
  let children: string[] = [];
  try {
    children = execFileSync('pgrep', ['-P', pid], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    // pgrep exits 1 when there is no child.
  }
  return [pid, ...children.flatMap(processTree)];
}

/** Every process of the local stack's servers (PostgreSQL, the S3 server, MLflow), from their pid files. */
function stackProcesses(): string[] {
  const pidFiles = readdirSync(paths.run).filter((f) => /^(postgres|seaweedfs|minio|mlflow)\.pid$/.test(f));
  return pidFiles.flatMap((f) => processTree(readFileSync(join(paths.run, f), 'utf8').trim()));
}

/**
 * Gives the predictor core 0 to itself for the HTTP levels, as a container with one CPU has it:
 * the stack's servers and this script's own process move to core 1, and the servers step behind
 * the load generator there (nice 10), so their background work (PostgreSQL writing the inference
 * log, MLflow's job workers polling) delays neither the predictor nor the generator's reading of
 * its answers. In a deployment they run on other machines. New backends inherit it from the postmaster.
 * `undo` puts everything back on every core at the default priority.
 */
export function setStackAside(undo = false): void {
  const cores = undo ? `0-${cpus().length - 1}` : '1';
  for (const pid of stackProcesses()) {
    try {
      execFileSync('taskset', ['-a', '-c', '-p', cores, pid], { stdio: 'ignore' });
      execFileSync('renice', ['-n', undo ? '0' : '10', '-p', pid], { stdio: 'ignore' });
    } catch {
      // A backend that ended meanwhile.
    }
  }
  execFileSync('taskset', ['-a', '-c', '-p', cores, String(process.pid)], { stdio: 'ignore' });
}

/** CPU time (clock ticks, 1/100 s) of each of the stack's processes so far, from /proc. */
function stackCpuTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const pid of stackProcesses()) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // Ended meanwhile.
    }
  }
  return ticks;
}

/**
 * Waits until the stack's servers are quiet (under 5% of a core over a second, for at most a
 * minute): just started, MLflow's server and job workers import for several seconds of CPU,
 * which would be measured as the predictor's in-process tail and cold start.
 */
export async function stackSettled(): Promise<void> {
  const deadline = Date.now() + 60_000;
  let before = stackCpuTicks();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = stackCpuTicks();
    let used = 0;
    for (const [pid, t] of now) used += t - (before.get(pid) ?? t);
    if (used <= 5) return;
    before = now;
  }
  console.log('the stack did not settle within a minute: measuring anyway');
}
