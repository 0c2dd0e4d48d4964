import { renderChart, secretFromOutside } from './manifests.ts';

const header = (source: string): string =>
  `# Generated from helm/tabular-ct (${source}) with the default values\n` +
  '# (the Secret made outside the chart) by `npm run deploy:knative`: edit the chart, then\n' +
  '# regenerate. For clusters managed without Helm or Argo CD: kubectl apply -n tabular-ct -f\n' +
  '# knative/ (after creating the Secret and running the set-up Job, README).\n';

// Labels only Helm may claim: kubectl-applied objects must not say Helm manages them.
const helmOnly = /^\s*(app\.kubernetes\.io\/managed-by|app\.kubernetes\.io\/instance|helm\.sh\/chart):.*\n/gm;

/** The contents of knative/: the functions' ConfigMap and one file per Knative Service. */
export async function knativeFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const documents = async (template: string): Promise<string[]> =>
    (await renderChart([], secretFromOutside, `templates/${template}`))
      .split(/^---\n/m)
      .map((d) => d.replace(/^# Source: .*\n/m, '').replace(helmOnly, '').trim())
      .filter((d) => d.length > 0);
  const [config] = await documents('configmap-functions.yaml');
  if (config === undefined) throw new Error('the chart rendered no functions ConfigMap');
  files.set('config.yaml', header('templates/configmap-functions.yaml') + config + '\n');
  for (const service of await documents('knative-services.yaml')) {
    const name = /^metadata:\n\s+name: (\S+)/m.exec(service)?.[1];
    if (name === undefined) throw new Error(`a Knative Service without a name:\n${service}`);
    files.set(`${name}.yaml`, header('templates/knative-services.yaml') + service + '\n');
  }
  return files;
}
