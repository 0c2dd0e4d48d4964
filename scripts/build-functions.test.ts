import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundle, buildFunction, deployableFunctions } from './build-functions.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function health(url: string, deadline: number): Promise<Response> {
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('the function bundles', () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'ct-bundle-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(outDir, { recursive: true, force: true });
  });

  it('finds every function with a src/main.ts, and nothing else', () => {
    const found = deployableFunctions();
    expect(found).toEqual(expect.arrayContaining(['collect', 'datasource', 'drift', 'explain', 'predict', 'preprocess', 'promote', 'train']));
    // The libraries have no main.ts and are no images.
    for (const library of ['core', 'ml', 'platform']) expect(found).not.toContain(library);
  });

  it('carries the training worker inside the bundle: a bundle trains on two threads under plain node', async () => {
    // The train function's bundle holds the worker's code as a string (no second file to ship).
    const trainBundle = await buildFunction('train', outDir);
    expect(readFileSync(trainBundle, 'utf8')).toContain('serveSteps(data.seat');
    // A probe bundled the same way trains with workers in a folder without node_modules, tsx or esbuild.
    const probe = path.join(outDir, 'probe.ts');
    const ml = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'functions', 'ml', 'src', 'index.ts');
    writeFileSync(
      probe,
      [
        `import { train } from ${JSON.stringify(ml)};`,
        'const x = Float64Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 1000);',
        "const set = { data: { features: [{ name: 'x', kind: 'numeric' as const }], columns: [x] }, label: x.map((v) => v % 3) };",
        "const trees = (threads: number) => JSON.stringify(train(set, { objective: 'regression', numIterations: 3, threads }).model.trees);",
        "console.log(trees(2) === trees(1) ? 'same trees' : 'different trees');",
      ].join('\n'),
    );
    const probeBundle = path.join(outDir, 'probe', 'main.mjs');
    await bundle(probe, probeBundle);
    const run = spawnSync(process.execPath, [probeBundle], { cwd: path.dirname(probeBundle), env: { PATH: process.env.PATH }, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('same trees');
  }, 90_000);

  it('bundles a function that starts under plain node, without tsx or node_modules, and answers /health', async () => {
    const bundle = await buildFunction('drift', outDir);
    expect(existsSync(`${bundle}.map`)).toBe(true);
    // Only the functions that run a model import the native ONNX runtime, which the image must ship.
    expect(readFileSync(bundle, 'utf8')).not.toContain('onnxruntime-node');
    const port = await freePort();
    // The pools and the MLflow client connect on first use, so unreachable addresses are enough to start.
    child = spawn(process.execPath, [bundle], {
      cwd: outDir,
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        HOST: '127.0.0.1',
        RAW_DATABASE_URL: 'postgres://nobody@127.0.0.1:9/raw',
        CLEAN_DATABASE_URL: 'postgres://nobody@127.0.0.1:9/clean',
        MLFLOW_TRACKING_URI: 'http://127.0.0.1:9',
        PIPELINE_TOKENS: 'pipeline-token-for-tests-only-0123456789',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const res = await health(`http://127.0.0.1:${port}/health`, Date.now() + 10_000).catch((error: unknown) => {
      throw new Error(`the bundle did not answer: ${String(error)}\n${stderr}`);
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  }, 30_000);
});
