import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange, rawRequest } from '../../functions/platform/src/testing/raw-exchange.ts';
import { repoRoot } from './paths.ts';

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

describe('the UI server, as the stack runs it', () => {
  let server: ChildProcess;
  let port: number;

  beforeAll(async () => {
    const dist = await mkdtemp(path.join(os.tmpdir(), 'ui-dist-'));
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>ui</title>');
    port = await freePort();
    server = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts/stack/ui-server.ts')], {
      env: { ...process.env, UI_DIST: dist, PORT: String(port), HOST: '127.0.0.1' },
      stdio: 'ignore',
    });
    for (let i = 0; i < 100 && !(await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false)); i++) await sleep(100);
  });
  afterAll(() => {
    server.kill();
  });

  it.each([
    ['bad percent-encoding', 'GET /%ff HTTP/1.1', 404],
    ['a target URL parsing refuses', 'GET //a:b HTTP/1.1', 400],
    ['a path out of the build folder', 'GET /..%2f..%2fetc%2fpasswd HTTP/1.1', 404],
    ['a request line that is not HTTP', 'HELLO', 400],
  ])('answers %s with %i and keeps serving', async (_what, line, status) => {
    expect((await rawExchange(port, line === 'HELLO' ? 'HELLO\r\n\r\n' : rawRequest(line)))?.status).toBe(status);
    expect(server.exitCode).toBeNull();
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });
});
