import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../stack/paths.ts';
import { ensureGoTool } from './tools.ts';
import type { ObjectStoreKind } from './wiring.ts';

export const chartDir = path.join(repoRoot, 'helm', 'tabular-ct');
/** The namespace the manifests of knative/ and argocd/ deploy into. */
export const namespace = 'tabular-ct';
// Pinned so that rendering does not depend on the helm binary's compiled-in default (1.20).
const kubeVersion = '1.31.0';
const schemas = path.resolve(repoRoot, '..', 'shared', 'schemas');

const ci = (file: string): string => path.join(chartDir, 'ci', file);

/**
 * The renderings the checks cover. The default values render no Secret without passwords
 * (none has a default): `test` adds the public, test-only ones of ci/test-values.yaml, so the
 * chart's own Secret is rendered too, with SeaweedFS (the default object store); `test minio`
 * and `test external` the other kinds of objectStore.kind; `production` takes its Secret from
 * outside the chart.
 */
export const valueFiles = {
  test: [ci('test-values.yaml')],
  'test minio': [ci('test-values.yaml'), ci('minio-values.yaml')],
  'test external': [ci('test-values.yaml'), ci('external-values.yaml')],
  production: [path.join(chartDir, 'values-production.yaml')],
};

/** The object store kind each rendering of `valueFiles` runs. */
export const objectStoreKinds: Record<keyof typeof valueFiles, ObjectStoreKind> = { test: 'seaweedfs', 'test minio': 'minio', 'test external': 'external', production: 'seaweedfs' };

/** For renderings of parts of the chart (knative/, one ConfigMap): the Secret made outside it. */
export const secretFromOutside = { 'secrets.create': false } as const;

/** Runs a command, feeding `input` on stdin; resolves with its output, rejects on a non-zero exit. */
export function run(command: string, args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${path.basename(command)} ${args.join(' ')} exited with ${code}\n${stdout}${stderr}`))));
    if (input !== undefined) {
      // A tool that exits before reading all of it closes the pipe: its exit code tells the outcome.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(input);
    }
  });
}

/** `helm template` of the chart with extra value files and `--set-json` values. */
export async function renderChart(files: readonly string[], setJson: Record<string, unknown> = {}, showOnly?: string): Promise<string> {
  const helm = await ensureGoTool('helm');
  // A cluster with the Prometheus Operator's CRD, so the ServiceMonitor is rendered when enabled.
  const args = ['template', namespace, chartDir, '--namespace', namespace, '--kube-version', kubeVersion, '--api-versions', 'monitoring.coreos.com/v1/ServiceMonitor'];
  for (const f of files) args.push('--values', f);
  for (const [key, value] of Object.entries(setJson)) args.push('--set-json', `${key}=${JSON.stringify(value)}`);
  if (showOnly !== undefined) args.push('--show-only', showOnly);
  return run(helm, args);
}

/** `helm lint --strict` of the chart with extra value files. */
export async function lintChart(files: readonly string[]): Promise<string> {
  const helm = await ensureGoTool('helm');
  return run(helm, ['lint', '--strict', chartDir, '--kube-version', kubeVersion, ...files.flatMap((f) => ['--values', f])]);
}

/** kubeconform, strict, against the offline schemas only (Kubernetes 1.31 and the CRDs); `-` reads `input`. */
export async function validateManifests(targets: readonly string[], input?: string): Promise<string> {
  const kubeconform = await ensureGoTool('kubeconform');
  return run(
    kubeconform,
    [
      '-strict',
      '-summary',
      '-schema-location',
      path.join(schemas, 'kubernetes', 'v1.31.0-standalone-strict', '{{ .ResourceKind }}{{ .KindSuffix }}.json'),
      '-schema-location',
      path.join(schemas, 'crds', '{{ .Group }}', '{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json'),
      ...targets,
    ],
    input,
  );
}
