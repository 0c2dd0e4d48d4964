/**
 * The package.json scripts start here: `tsx scripts/node22.ts [node flags] <script> [args]`
 * runs the script on Node 22, the images' Node (docker/function.Dockerfile). On an older Node
 * it installs the pinned Node 22 into the cache (stack/node-install.ts) and runs the script
 * there with that Node's bin directory first on PATH, so every child (npx vitest, node, the
 * functions the stack starts with process.execPath, Airflow's calls) runs it too. On Node 22
 * or later the script runs in this process, or in a fresh one when node flags are given.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { installNode } from './stack/node-install.ts';

const MIN_MAJOR = 22;

const args = process.argv.slice(2);
const scriptAt = args.findIndex((a) => !a.startsWith('-'));
if (scriptAt < 0) throw new Error('usage: tsx scripts/node22.ts [node flags] <script> [args]');
const nodeFlags = args.slice(0, scriptAt);
const major = Number(process.versions.node.split('.')[0]);

if (major >= MIN_MAJOR && nodeFlags.length === 0) {
  // The script reads its own arguments from process.argv[2] on, as if started directly.
  process.argv.splice(1, 2, path.resolve(args[0]!));
  await import(pathToFileURL(process.argv[1]!).href);
} else {
  const binDir = major >= MIN_MAJOR ? path.dirname(process.execPath) : await installNode();
  const env = { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}` };
  const child = spawn(path.join(binDir, 'node'), [...nodeFlags, '--import', 'tsx', ...args.slice(scriptAt)], { stdio: 'inherit', env });
  // A terminal's Ctrl-C reaches the child too (same process group); a SIGTERM sent to this
  // process alone is passed on, and this process ends as the child does.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
}
