import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cacheDir, paths } from './paths.ts';
import { runCommand } from './run-command.ts';

// uv installs the locked environment in a fraction of pip's time; it is itself pinned.
const UV_VERSION = '0.13.9';
const bootstrapPython = process.env.PYTHON ?? 'python3';

/**
 * Makes `.cache/venv` match python/requirements.lock exactly. Idempotent: a stamp with the
 * lock's digest skips the work when nothing changed.
 */
export async function ensurePythonEnv(): Promise<void> {
  const lock = await readFile(paths.requirementsLock);
  const digest = createHash('sha256').update(lock).update(UV_VERSION).digest('hex');
  const stamp = path.join(paths.venv, '.lock-digest');
  if (existsSync(stamp) && (await readFile(stamp, 'utf8')) === digest) return;

  console.error('[python] installing the locked environment into .cache/venv (first run takes a few minutes)');
  const uvHome = path.join(cacheDir, 'uv-tool');
  const uv = path.join(uvHome, 'bin', 'uv');
  if (!existsSync(uv)) {
    await runCommand(bootstrapPython, ['-m', 'venv', uvHome], { label: 'python' });
    await runCommand(path.join(uvHome, 'bin', 'pip'), ['install', '--quiet', `uv==${UV_VERSION}`], { label: 'python' });
  }
  const env = { ...process.env, UV_CACHE_DIR: path.join(cacheDir, 'uv-cache'), UV_NO_PROGRESS: '1' };
  if (!existsSync(paths.python)) {
    await runCommand(uv, ['venv', '--python', bootstrapPython, paths.venv], { label: 'python', env });
  }
  await runCommand(uv, ['pip', 'sync', '--python', paths.python, '--require-hashes', paths.requirementsLock], {
    label: 'python',
    env,
  });
  await mkdir(paths.venv, { recursive: true });
  await writeFile(stamp, digest);
}

/** Path of an executable installed in the project's virtual environment. */
export const venvBin = (name: string): string => path.join(paths.venv, 'bin', name);
