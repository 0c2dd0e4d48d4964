/**
 * Benchmark: our node:http router against @google-cloud/functions-framework (docs/benchmarks.md,
 * "HTTP router against functions-framework"; docs/architecture.md, the router decision).
 * One endpoint, the same route function under both layers (bench/http-router-endpoint.ts: the
 * request of POST /preprocess validated by its schema and answered as JSON): our router as
 * every function builds it (createRouter with its metrics, then serve), and the framework
 * through its own start-up (main.js, a `functions.http` handler). Each runs in its own process,
 * both on core 0 (taskset, where there is one), started alike (node --import tsx, no V8 flags,
 * NODE_ENV=production: Express's production mode); the serving benchmark's closed-loop load
 * generator (bench/serving-load.ts) runs on core 1. The two layers take turns, ROUNDS times,
 * so the shared machine's slow spells weigh on both alike; the table shows each layer's
 * median run by req/s. Then what each answers to a malformed JSON body and to an oversized one.
 * Usage: npm run bench:router [-- seconds per run [clients]]   (default 10 s, 16 clients)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { freePort } from './free-port.ts';

const seconds = Number(process.argv[2] ?? 10);
const clients = Number(process.argv[3] ?? 16);
const ROUNDS = 3;
// bench/serving-load.ts warms up for 1 s before it counts: its requests cost CPU too.
const WARMUP_SECONDS = 1;
// Over our router's default limit (32 MiB), under the framework's (1,024 MB).
const OVERSIZED_BYTES = 40 * 1024 * 1024;
// /proc/<pid>/stat counts CPU time in clock ticks: 100 a second on Linux (getconf CLK_TCK).
const TICKS_PER_SECOND = 100;
const FRAMEWORK = 'node_modules/@google-cloud/functions-framework';
const frameworkVersion = (JSON.parse(readFileSync(`${FRAMEWORK}/package.json`, 'utf8')) as { version: string }).version;
const ENDPOINT = 'bench/http-router-endpoint.ts';
const goodBody = { dataset: 'realtor', batch_id: 'realtor-g1-b0-d1' };
const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

type Layer = 'router' | 'framework';
interface Run {
  layer: Layer;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  cpuUs: number;
}

/** A node process on `core` when taskset is there (taskset execs it, so the pid is node's). */
function spawnOn(core: number, args: readonly string[], env: NodeJS.ProcessEnv, stdout: 'ignore' | 'pipe'): ChildProcess {
  const command = pinned ? ['taskset', '-c', String(core), process.execPath] : [process.execPath];
  return spawn(command[0]!, [...command.slice(1), '--import', 'tsx', ...args], { env, stdio: ['ignore', stdout, 'inherit'] });
}

/** One layer's server on core 0; `nodeEnv` undefined leaves NODE_ENV unset (Express's development mode). */
function startLayer(layer: Layer, port: number, nodeEnv: string | undefined): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
  delete env.NODE_ENV;
  if (nodeEnv !== undefined) env.NODE_ENV = nodeEnv;
  if (layer === 'router') return spawnOn(0, [ENDPOINT], env, 'ignore');
  return spawnOn(0, [`${FRAMEWORK}/build/src/main.js`, '--source', ENDPOINT], { ...env, FUNCTION_TARGET: 'preprocess' }, 'ignore');
}

const post = (port: number, body: string) => fetch(`http://127.0.0.1:${port}/preprocess`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

async function untilServing(port: number, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server on port ${port} exited with ${child.exitCode}`);
    const status = await post(port, JSON.stringify(goodBody)).then((r) => r.status, () => 0);
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The process's CPU time (user + system) so far, in seconds. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** The process's peak resident memory so far, in MiB. */
function peakRssMiB(pid: number): number {
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
}

async function load(port: number): Promise<Pick<Run, 'rps' | 'p50' | 'p99' | 'errors' | 'requests'>> {
  const child = spawnOn(1, ['bench/serving-load.ts', `http://127.0.0.1:${port}/preprocess`, String(clients), String(seconds), JSON.stringify(goodBody)], process.env, 'pipe');
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as Pick<Run, 'rps' | 'p50' | 'p99' | 'errors' | 'requests'>;
}

/** What a server answers to one body: status, content type, whether a stack trace shows, time to the whole answer. */
async function probe(port: number, body: string): Promise<{ status: number; type: string; stack: boolean; ms: number }> {
  const started = performance.now();
  const res = await post(port, body);
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '(none)', stack: /node_modules|at JSON\.parse/.test(text), ms: performance.now() - started };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

const ports = { router: await freePort(), framework: await freePort(), frameworkDevelopment: await freePort() };
const servers = {
  router: startLayer('router', ports.router, 'production'),
  framework: startLayer('framework', ports.framework, 'production'),
  // Probed only: the stack trace its error page shows when NODE_ENV is not set.
  frameworkDevelopment: startLayer('framework', ports.frameworkDevelopment, undefined),
};
const runs: Run[] = [];
let malformed: Record<keyof typeof servers, Awaited<ReturnType<typeof probe>>>;
let oversized: Record<Layer, Awaited<ReturnType<typeof probe>> & { rssBefore: number; rssAfter: number }>;
try {
  const starting = performance.now();
  await Promise.all((Object.keys(servers) as (keyof typeof servers)[]).map((name) => untilServing(ports[name], servers[name])));
  console.log(`servers answering after ${((performance.now() - starting) / 1000).toFixed(1)} s; ${pinned ? 'servers on core 0, load generator on core 1' : 'no taskset: nothing pinned'}`);
  for (let round = 1; round <= ROUNDS; round++) {
    // Each round starts with the other layer, so neither always runs first.
    const order: Layer[] = round % 2 === 1 ? ['router', 'framework'] : ['framework', 'router'];
    for (const layer of order) {
      const pid = servers[layer].pid!;
      const before = cpuSeconds(pid);
      const run = await load(ports[layer]);
      const cpuUs = ((cpuSeconds(pid) - before) * 1e6) / (run.requests * (1 + WARMUP_SECONDS / seconds));
      runs.push({ layer, ...run, cpuUs });
      console.log(`${layer}, round ${round}: ${JSON.stringify(runs.at(-1))}`);
    }
  }
  const probes = async (body: string) => ({
    router: await probe(ports.router, body),
    framework: await probe(ports.framework, body),
    frameworkDevelopment: await probe(ports.frameworkDevelopment, body),
  });
  console.log('malformed and oversized bodies (the framework writes each malformed body\'s stack trace to stderr):');
  malformed = await probes('{"dataset":"realtor","batch_id":');
  const big = `${JSON.stringify({ ...goodBody, padding: '' }).slice(0, -2)}${'x'.repeat(OVERSIZED_BYTES)}"}`;
  const bigProbe = async (layer: Layer) => {
    const rssBefore = peakRssMiB(servers[layer].pid!);
    return { ...(await probe(ports[layer], big)), rssBefore, rssAfter: peakRssMiB(servers[layer].pid!) };
  };
  oversized = { router: await bigProbe('router'), framework: await bigProbe('framework') };
} finally {
  await Promise.all(Object.values(servers).map(stop));
}

const f = (x: number, d = 0) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const medianRun = (layer: Layer): Run & { all: number[] } => {
  const of = runs.filter((r) => r.layer === layer);
  const sorted = [...of].sort((a, b) => a.rps - b.rps);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)]!, all: of.map((r) => r.rps) };
};
const ours = medianRun('router');
const theirs = medianRun('framework');
const ratio = (a: number, b: number) => `${f(a / b, 2)}x`;
const yesNo = (b: boolean) => (b ? 'yes' : 'no');
const answer = (p: { status: number; type: string }) => `${p.status} ${p.type.split(';')[0]}`;
const rows: [string, string, string, string][] = [
  [`req/s at ${clients} clients, median run (each run)`, `${f(ours.rps)} (${ours.all.map((x) => f(x)).join(', ')})`, `${f(theirs.rps)} (${theirs.all.map((x) => f(x)).join(', ')})`, ratio(ours.rps, theirs.rps)],
  ['  p50 / p99 (ms), median run; ratio of p99', `${f(ours.p50, 2)} / ${f(ours.p99, 2)}`, `${f(theirs.p50, 2)} / ${f(theirs.p99, 2)}`, ratio(theirs.p99, ours.p99)],
  ['  server CPU per request (us), median run', f(ours.cpuUs, 1), f(theirs.cpuUs, 1), ratio(theirs.cpuUs, ours.cpuUs)],
  ['  answers other than 200, all runs', f(runs.filter((r) => r.layer === 'router').reduce((n, r) => n + r.errors, 0)), f(runs.filter((r) => r.layer === 'framework').reduce((n, r) => n + r.errors, 0)), ''],
  ['malformed JSON body: status, content type', answer(malformed.router), answer(malformed.framework), ''],
  // Our router does not read NODE_ENV: one answer stands for both.
  ['  the same with NODE_ENV unset (Express: development)', answer(malformed.router), answer(malformed.frameworkDevelopment), ''],
  ['  stack trace in the answer: NODE_ENV=production / unset', yesNo(malformed.router.stack), `${yesNo(malformed.framework.stack)} / ${yesNo(malformed.frameworkDevelopment.stack)}`, ''],
  [`${f(OVERSIZED_BYTES / 1024 / 1024)} MiB JSON body: status, content type`, answer(oversized.router), answer(oversized.framework), ''],
  ['  time to the answer (ms)', f(oversized.router.ms), f(oversized.framework.ms), ''],
  ["  server's peak RSS before / after (MiB)", `${f(oversized.router.rssBefore)} / ${f(oversized.router.rssAfter)}`, `${f(oversized.framework.rssBefore)} / ${f(oversized.framework.rssAfter)}`, ''],
];

const header = ['measure', 'our router', `functions-framework ${frameworkVersion}`, 'router better by'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: readonly string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
console.log(`\n${new Date().toISOString()}  node ${process.version}  ${ROUNDS} rounds of ${seconds} s per layer, ${clients} clients\n`);
console.log(line(header));
console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
for (const r of rows) console.log(line(r));
