import { spawn } from 'node:child_process';
import { access, cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createPool } from '@tabular-ct/platform';
import { httpHealthy } from '../stack/http-health.ts';
import { repoRoot } from '../stack/paths.ts';
import { startStack } from '../stack/stack.ts';
import { buildStage } from './dockerfile-steps.ts';
import { run } from './manifests.ts';

// The function exercised: the one whose image is hardest to get right (native onnxruntime).
const FUNCTION = 'predict';
// Outside the ranges of the demo (81xx) and the other tests' functions (82xx-84xx).
const PORT = 8499;

const sh = (command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<void> =>
  new Promise((resolve, reject) => {
    console.log(`$ ${command}`);
    const child = spawn('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`exited with ${code}: ${command}`))));
  });

/** The repository as a Docker build context sees it: tracked and new files, nothing ignored. */
async function cleanCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tabular-ct-image-'));
  try {
    const files = (await run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'])).split('\0').filter(Boolean);
    for (const f of files) {
      await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
      // A tracked file deleted in the working tree is not in the context either.
      await cp(path.join(repoRoot, f), path.join(dir, f)).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    }
    return dir;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Runs the `build` stage's RUN lines of a Dockerfile in `dir`, skipping those already run there. */
async function runBuildStage(dockerfile: string, dir: string, buildArgs: Record<string, string>, done: Set<string>): Promise<void> {
  const stage = buildStage(await readFile(path.join(repoRoot, 'docker', dockerfile), 'utf8'), 'build');
  const env = { ...process.env, ...stage.env, ...buildArgs };
  for (const command of stage.runs) {
    if (done.has(command)) continue;
    // The image installs the repository's npm; here the machine's must be that one already.
    const npm = /^npm install -g npm@(\S+)$/.exec(command);
    if (npm) {
      const local = (await run('npm', ['--version'])).trim();
      if (local !== npm[1]) throw new Error(`${dockerfile} builds with npm ${npm[1]}, this machine has ${local}`);
    } else {
      await sh(command, dir, env);
    }
    done.add(command);
  }
}

/**
 * "The functions' build steps are exercised by running the Dockerfile's commands in a clean
 * copy": the build stages of docker/function.Dockerfile (FUNCTION=predict),
 * docker/migrate.Dockerfile and docker/ui.Dockerfile run in a copy of the repository; then the predictor's bundle,
 * moved alone to another folder as the runtime stage copies it, serves /health and /metrics
 * against the local stack, and the migration bundle sets up fresh databases and roles twice.
 */
export async function imageBuildCheck(): Promise<string> {
  const stack = await startStack();
  const report: string[] = [];
  let copy = '';
  let runtime = '';
  try {
    copy = await cleanCopy();
    runtime = await mkdtemp(path.join(os.tmpdir(), 'tabular-ct-runtime-'));
    const done = new Set<string>();
    await runBuildStage('function.Dockerfile', copy, { FUNCTION }, done);
    await cp(path.join(copy, 'image', 'app'), path.join(runtime, 'fn', 'app'), { recursive: true });
    await runBuildStage('migrate.Dockerfile', copy, {}, done);
    await cp(path.join(copy, 'image'), path.join(runtime, 'migrate'), { recursive: true });
    // The UI image's build stage: the static files its runtime stage copies from frontend/dist.
    await runBuildStage('ui.Dockerfile', copy, {}, done);
    await access(path.join(copy, 'frontend', 'dist', 'index.html'));
    report.push('UI build stage: frontend/dist/index.html built');

    const app = path.join(runtime, 'fn', 'app');
    const child = spawn(process.execPath, [path.join(app, 'main.mjs')], {
      cwd: app,
      env: { ...stack.env, PORT: String(PORT), HOST: '127.0.0.1', PREDICTOR_DATASET: 'realtor', RELOAD_TOKEN: 'image-check-reload-token', NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // A crash prints the minified bundle's line: keep only the end of what it wrote.
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const base = `http://127.0.0.1:${PORT}`;
      const deadline = Date.now() + 30_000;
      while (!(await httpHealthy(`${base}/health`))) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the bundled ${FUNCTION} did not answer /health (exit ${child.exitCode}):\n${stderr}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      const metrics = await (await fetch(`${base}/metrics`)).text();
      if (!metrics.includes('predict_latency_seconds')) throw new Error('the bundled predictor\'s /metrics lacks predict_latency_seconds');
      report.push(`bundled ${FUNCTION}: /health 200, /metrics with the predictor's metrics`);
      // The model loads later (and needs a model in production): load the native binding now,
      // resolved from the image's /app as the bundle's own import resolves it.
      await sh(`node -e "const ort = require('onnxruntime-node'); if (typeof ort.InferenceSession.create !== 'function') process.exit(1)"`, app, process.env);
      report.push(`bundled ${FUNCTION}: onnxruntime-node's native binding loads from the image's /app`);
    } finally {
      child.kill('SIGTERM');
      const code = await exited;
      report.push(`bundled ${FUNCTION}: exit ${code} on SIGTERM`);
    }

    // Fresh databases and roles beside the stack's own, dropped afterwards: the Job's contract
    // (scripts/migrate/database-plan.ts), one login per role.
    const url = (db: string, login?: string): string => {
      const u = new URL(stack.env.RAW_DATABASE_URL ?? '');
      u.pathname = `/${db}`;
      if (login !== undefined) [u.username, u.password] = [login, `${login}-password`];
      return u.toString();
    };
    const names = ['raw', 'clean', 'datasource', 'mlflow', 'airflow'].map((n) => `image_check_${n}`);
    const roles = ['raw_writer', 'clean_writer', 'reader', 'datasource', 'mlflow', 'airflow'].map((r) => `image_check_${r}`);
    const [raw, clean, datasource, mlflow, airflow] = names as [string, string, string, string, string];
    const [rawWriter, cleanWriter, reader, datasourceRole, mlflowRole, airflowRole] = roles as [string, string, string, string, string, string];
    const env = {
      ...process.env,
      ADMIN_DATABASE_URL: url('postgres'),
      RAW_WRITER_DATABASE_URL: url(raw, rawWriter),
      CLEAN_WRITER_DATABASE_URL: url(clean, cleanWriter),
      CLEAN_WRITER_RAW_DATABASE_URL: url(raw, cleanWriter),
      READER_DATABASE_URL: url(clean, reader),
      DATASOURCE_DATABASE_URL: url(datasource, datasourceRole),
      MLFLOW_BACKEND_STORE_URI: url(mlflow, mlflowRole).replace(/^postgresql:/, 'postgresql+psycopg2:'),
      AIRFLOW_DATABASE_URL: url(airflow, airflowRole),
    };
    try {
      for (const pass of ['first', 'second']) {
        await sh(`node ${path.join(runtime, 'migrate', 'lib', 'migrate', 'main.mjs')}`, path.join(runtime, 'migrate'), env);
        report.push(`bundled migrations and roles: ${pass} run ok`);
      }
    } finally {
      const admin = createPool(url('postgres'));
      for (const n of names) await admin.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
      for (const r of roles) await admin.query(`DROP ROLE IF EXISTS ${r}`);
      await admin.end();
    }
  } finally {
    if (copy) await rm(copy, { recursive: true, force: true });
    if (runtime) await rm(runtime, { recursive: true, force: true });
    await stack.stop();
  }
  return `${report.join('\n')}\n`;
}
