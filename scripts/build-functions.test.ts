import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFunction, deployableFunctions } from './build-functions.ts';

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
