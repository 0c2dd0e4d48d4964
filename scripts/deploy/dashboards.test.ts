import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createDecisionMetrics, createFunctionMetrics, createPredictorMetrics } from '@tabular-ct/platform';
import { describe, expect, it } from 'vitest';
import { chartDir } from './manifests.ts';
import { metricFamily, promqlMetricNames } from './promql-metrics.ts';

interface Panel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

/** Every PromQL expression of a dashboard, with its panel's title (rows nest panels). */
function expressions(panels: Panel[]): { title: string; expr: string }[] {
  return panels.flatMap((p) => [
    ...(p.targets ?? []).flatMap((t) => (t.expr ? [{ title: p.title ?? '', expr: t.expr }] : [])),
    ...expressions(p.panels ?? []),
  ]);
}

/** The metric families the functions register: every function's, the predictor's and the decisions'. */
async function exportedFamilies(): Promise<Set<string>> {
  const { registry } = createFunctionMetrics('any');
  createPredictorMetrics(registry);
  createDecisionMetrics(registry, ['realtor'], ['train']);
  return new Set((await registry.getMetricsAsJSON()).map((m) => m.name));
}

describe('Grafana dashboards', async () => {
  const dir = path.join(chartDir, 'dashboards');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));

  it('are shipped in the chart', () => {
    expect(files.sort()).toEqual(['pipeline.json', 'serving.json']);
  });

  it.each(files)('%s queries only metrics the code exports', async (file) => {
    const families = await exportedFamilies();
    const dashboard = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as { panels: Panel[] };
    const queries = expressions(dashboard.panels);
    expect(queries.length).toBeGreaterThan(0);
    const unknown = queries.flatMap(({ title, expr }) => promqlMetricNames(expr).filter((m) => metricFamily(m, families) === undefined).map((m) => `${m} (panel "${title}")`));
    expect(unknown).toEqual([]);
  });
});
