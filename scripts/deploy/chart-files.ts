import { renderChart, secretFromOutside } from './manifests.ts';

/** One file of a ConfigMap the chart renders (`<key>: |` block), as the pod would see it mounted. */
export async function renderedConfigMapFile(template: string, key: string, setJson: Record<string, unknown> = {}): Promise<string> {
  const rendered = await renderChart([], { ...secretFromOutside, ...setJson }, `templates/${template}`);
  // The block under `<key>: |`: every following line indented by four spaces (or empty).
  const lines = rendered.split('\n');
  const start = lines.findIndex((l) => l.trim() === `${key}: |`);
  if (start < 0) throw new Error(`templates/${template} rendered no ${key}:\n${rendered}`);
  const block: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() !== '' && !line.startsWith('    ')) break;
    block.push(line.slice(4));
  }
  return `${block.join('\n').trimEnd()}\n`;
}

/**
 * prometheus.yml as the chart renders it (templates/prometheus-config.yaml), with static
 * targets per function instead of pod discovery: the same scrape jobs, relabelling aside.
 */
export const renderScrapeConfig = (targets: Record<string, string[]>, scrapeInterval: string): Promise<string> =>
  renderedConfigMapFile('prometheus-config.yaml', 'prometheus.yml', { 'prometheus.staticTargets': targets, 'prometheus.scrapeInterval': scrapeInterval });
