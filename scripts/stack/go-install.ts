import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cacheDir, paths } from './paths.ts';
import { runCommand } from './run-command.ts';

/** Go's caches under .cache (unless the shell names its own), so a CI cache can keep them. */
const goEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  GOMODCACHE: process.env.GOMODCACHE ?? path.join(cacheDir, 'go', 'mod'),
  GOCACHE: process.env.GOCACHE ?? path.join(cacheDir, 'go', 'build'),
  ...extra,
});

/** The binary if its stamp records `version`; otherwise undefined, and the caller builds it. */
async function builtBinary(name: string, version: string): Promise<string | undefined> {
  const binary = path.join(paths.bin, name);
  const stamp = `${binary}.version`;
  return existsSync(binary) && existsSync(stamp) && (await readFile(stamp, 'utf8')) === version ? binary : undefined;
}

/**
 * Path of a pinned Go binary in .cache/bin, built with `go install module@version` on first
 * use (a stamp beside it records the version): no release downloads, the same binaries on
 * every machine with Go.
 */
export async function goInstall(name: string, module: string, version: string): Promise<string> {
  const built = await builtBinary(name, version);
  if (built) return built;
  console.error(`[${name}] building ${module}@${version} with go install (first run only)`);
  await mkdir(paths.bin, { recursive: true });
  await runCommand('go', ['install', `${module}@${version}`], { label: name, quiet: true, env: goEnv({ GOBIN: paths.bin, GOFLAGS: '-mod=mod' }) });
  await writeFile(path.join(paths.bin, `${name}.version`), version);
  return path.join(paths.bin, name);
}

/**
 * Path of a Go binary built from a package of a module the repository pins in a small module
 * of its own (`moduleDir`: go.mod and go.sum, checked in). For servers whose go.mod has
 * `replace` directives, which `go install module@version` refuses: the pinning module repeats
 * them. Built read-only against the checked-in go.sum, rebuilt when either file changes.
 */
export async function goBuildPinned(name: string, moduleDir: string, pkg: string): Promise<string> {
  const digest = createHash('sha256');
  for (const file of ['go.mod', 'go.sum']) digest.update(await readFile(path.join(moduleDir, file)));
  const version = digest.digest('hex');
  const built = await builtBinary(name, version);
  if (built) return built;
  console.error(`[${name}] building ${pkg} as pinned in ${path.relative(process.cwd(), moduleDir)} (first run only, a few minutes)`);
  await mkdir(paths.bin, { recursive: true });
  const binary = path.join(paths.bin, name);
  await runCommand('go', ['build', '-trimpath', '-o', binary, pkg], { label: name, quiet: true, cwd: moduleDir, env: goEnv({ GOFLAGS: '-mod=readonly' }) });
  await writeFile(`${binary}.version`, version);
  return binary;
}
