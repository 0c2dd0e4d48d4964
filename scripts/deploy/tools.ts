import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { goInstall } from '../stack/go-install.ts';
import { cacheDir } from '../stack/paths.ts';
import { runCommand } from '../stack/run-command.ts';

// The deployment checks' tools, each pinned and built from its Go module into .cache/bin
// (as MinIO is): no release downloads, the same binaries on every machine with Go.
const goTools = {
  helm: { module: 'helm.sh/helm/v3/cmd/helm', version: 'v3.22.0' },
  kubeconform: { module: 'github.com/yannh/kubeconform/cmd/kubeconform', version: 'v0.8.0' },
  actionlint: { module: 'github.com/rhysd/actionlint/cmd/actionlint', version: 'v1.7.12' },
} as const;

type GoTool = keyof typeof goTools;

/** Path of a pinned Go tool, built with `go install` on first use (helm takes about two minutes). */
export const ensureGoTool = (name: GoTool): Promise<string> => goInstall(name, goTools[name].module, goTools[name].version);

const prometheusDir = path.join(cacheDir, 'prometheus');

/**
 * Debian's `prometheus` package (2.42 on bookworm), unpacked into .cache/prometheus rather
 * than installed: no root, no service started, nothing outside the project. Returns the
 * directory holding `prometheus` and `promtool`.
 */
export async function ensurePrometheus(): Promise<string> {
  const bin = path.join(prometheusDir, 'usr', 'bin');
  if (existsSync(path.join(bin, 'prometheus')) && existsSync(path.join(bin, 'promtool'))) return bin;
  console.error('[prometheus] unpacking the Debian package into .cache/prometheus (first run only)');
  const download = path.join(cacheDir, 'prometheus-deb');
  await rm(download, { recursive: true, force: true });
  await mkdir(download, { recursive: true });
  await runCommand('apt-get', ['download', 'prometheus'], { label: 'prometheus', cwd: download, quiet: true });
  const deb = (await readdir(download)).find((f) => f.endsWith('.deb'));
  if (deb === undefined) throw new Error('apt-get download prometheus produced no .deb (run apt-get update first?)');
  await runCommand('dpkg-deb', ['-x', path.join(download, deb), prometheusDir], { label: 'prometheus', quiet: true });
  await rm(download, { recursive: true, force: true });
  return bin;
}
