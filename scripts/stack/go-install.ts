import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cacheDir, paths } from './paths.ts';
import { runCommand } from './run-command.ts';

/**
 * Path of a pinned Go binary in .cache/bin, built with `go install module@version` on first
 * use (a stamp beside it records the version): no release downloads, the same binaries on
 * every machine with Go.
 */
export async function goInstall(name: string, module: string, version: string): Promise<string> {
  const binary = path.join(paths.bin, name);
  const stamp = `${binary}.version`;
  if (existsSync(binary) && existsSync(stamp) && (await readFile(stamp, 'utf8')) === version) return binary;
  console.error(`[${name}] building ${module}@${version} with go install (first run only)`);
  await mkdir(paths.bin, { recursive: true });
  const env = {
    ...process.env,
    GOBIN: paths.bin,
    GOMODCACHE: process.env.GOMODCACHE ?? path.join(cacheDir, 'go', 'mod'),
    GOCACHE: process.env.GOCACHE ?? path.join(cacheDir, 'go', 'build'),
    GOFLAGS: '-mod=mod',
  };
  await runCommand('go', ['install', `${module}@${version}`], { label: name, quiet: true, env });
  await writeFile(stamp, version);
  return binary;
}
