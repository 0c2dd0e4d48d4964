import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../stack/paths.ts';
import { checkFunctionEnvironments } from './function-env.ts';
import { imageBuildCheck } from './image-build-check.ts';
import { knativeFiles } from './knative-files.ts';
import { lintChart, namespace, objectStoreKinds, renderChart, run, validateManifests, valueFiles } from './manifests.ts';
import { ensureGoTool } from './tools.ts';
import { objectStoreProblems, parseManifests, webhookProblems } from './wiring.ts';

/**
 * The deployment checks, each one step of `npm test` (scripts/test.ts): each resolves with
 * what the tool printed and rejects on a failure. All but the last need no running service.
 */
export const deployChecks = {
  /** helm lint --strict with each rendering's values (every object store kind, production). */
  'helm lint': async () => {
    let out = '';
    for (const files of Object.values(valueFiles)) out += await lintChart(files);
    return out;
  },
  /**
   * The rendered chart (each object store kind with the test values, the production values,
   * ServiceMonitor on) against the schemas; and the default values refused, naming the first
   * password they lack (none has a default).
   */
  'helm template + kubeconform': async () => {
    let out = '';
    for (const [name, files] of Object.entries(valueFiles)) {
      const rendered = await renderChart(files, { 'serviceMonitor.enabled': true });
      out += `${name} values: ${await validateManifests(['-'], rendered)}`;
    }
    const refusal = await renderChart([]).then(
      () => undefined,
      (error: unknown) => /secrets\.\S+ is required[^\n]*/.exec(String(error))?.[0],
    );
    if (refusal === undefined) throw new Error('the default values render without passwords: a password has a default');
    return `${out}default values: refused (${refusal.slice(0, 60)}...)\n`;
  },
  /** Each function's container holds only the variables of the sections its main.ts loads. */
  'function environments': checkFunctionEnvironments,
  /**
   * Each rendering runs the object store its kind names, with the functions and MLflow at its
   * Service and its NetworkPolicy on its port, and wires MLflow's webhook to the predictor: kept
   * by the Job mlflow-webhook as MLflow's administrator, under the name the predictor would use.
   */
  'object store and webhook wiring': async () => {
    let out = '';
    const problems: string[] = [];
    for (const [name, files] of Object.entries(valueFiles)) {
      const manifests = parseManifests(await renderChart(files));
      const kind = objectStoreKinds[name as keyof typeof valueFiles];
      problems.push(...[...objectStoreProblems(manifests, kind, namespace), ...webhookProblems(manifests, namespace)].map((p) => `${name} values: ${p}`));
      out += `${name} values: object store ${kind}, MLflow webhook to the predictor kept by the Job mlflow-webhook\n`;
    }
    if (problems.length > 0) throw new Error(problems.join('\n'));
    return out;
  },
  /** knative/ and argocd/ against the schemas. */
  'kubeconform knative/ argocd/': () => validateManifests([path.join(repoRoot, 'knative'), path.join(repoRoot, 'argocd')]),
  /** knative/ is what the chart renders: nobody edited one without the other. */
  'knative/ matches the chart': async () => {
    const expected = await knativeFiles();
    const dir = path.join(repoRoot, 'knative');
    const present = (await readdir(dir)).filter((f) => f.endsWith('.yaml'));
    const problems: string[] = [];
    for (const f of present) if (!expected.has(f)) problems.push(`knative/${f} is not rendered by the chart`);
    for (const [f, content] of expected) {
      const actual = present.includes(f) ? await readFile(path.join(dir, f), 'utf8') : undefined;
      if (actual !== content) problems.push(`knative/${f} ${actual === undefined ? 'is missing' : 'differs from the chart'}`);
    }
    if (problems.length > 0) throw new Error(`${problems.join('\n')}\nregenerate with: npm run deploy:knative`);
    return `${expected.size} files match\n`;
  },
  /** actionlint on .github/workflows. */
  actionlint: async () => {
    const actionlint = await ensureGoTool('actionlint');
    return (await run(actionlint, ['-color=false'])) || 'no findings\n';
  },
  /** The images' build stages run in a clean copy; the bundles they produce start (local stack). */
  'image build steps (clean copy)': imageBuildCheck,
} as const;

export type DeployCheck = keyof typeof deployChecks;
