import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { UiConfig } from '../../frontend/src/lib/config.ts';
import { UI_PORT } from './functions.ts';
import { httpHealthy } from './http-health.ts';
import { repoRoot } from './paths.ts';
import { runCommand } from './run-command.ts';
import { startServiceAt, stopService, type RunningService } from './service.ts';

const uiDir = path.join(repoRoot, 'frontend');
const dist = path.join(uiDir, 'dist');

async function newestChange(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, (await stat(path.join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/** Builds the app into frontend/dist when it is missing or older than its sources. */
async function buildUi(): Promise<void> {
  const index = path.join(dist, 'index.html');
  if (existsSync(index)) {
    const built = (await stat(index)).mtimeMs;
    const sources = Math.max(await newestChange(path.join(uiDir, 'src')), (await stat(path.join(uiDir, 'index.html'))).mtimeMs, (await stat(path.join(uiDir, 'vite.config.ts'))).mtimeMs);
    if (built > sources) return;
  }
  await runCommand(process.execPath, [path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: uiDir, label: 'ui build' });
}

/**
 * Builds the app if needed and serves it with a config.json pointing at `targets`, as the
 * service `<prefix->ui` on UI_PORT plus the offset (the functions of that set allow that
 * origin). A server left running with other targets is restarted.
 */
export async function startUi(targets: UiConfig, options: { prefix?: string; portOffset?: number } = {}): Promise<RunningService & { stop(): Promise<void> }> {
  await buildUi();
  const name = options.prefix ? `${options.prefix}-ui` : 'ui';
  const port = UI_PORT + (options.portOffset ?? 0);
  const url = `http://127.0.0.1:${port}`;
  const config = JSON.stringify(targets);
  const current = await fetch(`${url}/config.json`).then((r) => (r.ok ? r.text() : ''), () => '');
  if (current !== '' && current !== config) await stopService(name);
  const ui = await startServiceAt({
    name,
    command: process.execPath,
    args: ['--import', 'tsx', path.join(repoRoot, 'scripts', 'stack', 'ui-server.ts')],
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', UI_DIST: dist, UI_CONFIG: config },
    healthy: () => httpHealthy(`${url}/health`),
    startTimeoutMs: 15_000,
  }, url);
  return { ...ui, stop: async () => void (ui.outcome === 'started' && (await stopService(name))) };
}
