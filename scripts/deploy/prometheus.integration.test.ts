import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFunctions } from '../stack/functions.ts';
import { httpHealthy } from '../stack/http-health.ts';
import { run } from './manifests.ts';
import { renderScrapeConfig } from './chart-files.ts';
import { ensurePrometheus } from './tools.ts';

// The Prometheus test's own set of functions (ports 84xx), apart from the demo's (81xx).
const PREFIX = 'prom-test';
const PORT_OFFSET = 300;
const PROMETHEUS_PORT = 8490;
const prometheusUrl = `http://127.0.0.1:${PROMETHEUS_PORT}`;

interface Target {
  labels: Record<string, string>;
  health: string;
  lastError: string;
}

async function query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await res.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  if (body.status !== 'success') throw new Error(`query ${promql} failed: ${JSON.stringify(body)}`);
  return body.data.result;
}

async function eventually<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await attempt();
    if (last !== undefined) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('a real Prometheus scraping the functions with the chart\'s scrape configuration', () => {
  const names = ['collect', 'preprocess', 'drift', 'train', 'promote', 'predict', 'explain', 'history'] as const;
  let jobs: string[] = [];
  let prometheus: ChildProcess | undefined;
  let stopFunctions: (() => Promise<void>) | undefined;
  let workDir = '';

  beforeAll(async () => {
    const bin = await ensurePrometheus();
    const set = await startFunctions(inject('stackEnv'), 'realtor', names, { prefix: PREFIX, portOffset: PORT_OFFSET });
    stopFunctions = set.stop;
    // Service names are <prefix>-<function> (the simulator: <prefix>-datasource-<dataset>): the chart's names without them.
    const targets: Record<string, string[]> = {};
    for (const f of set.functions) targets[f.name.replace(`${PREFIX}-`, '').replace(/-realtor$/, '')] = [new URL(f.url).host];
    jobs = Object.keys(targets).sort();

    workDir = await mkdtemp(path.join(os.tmpdir(), 'tabular-ct-prometheus-'));
    const config = path.join(workDir, 'prometheus.yml');
    await writeFile(config, await renderScrapeConfig(targets, '1s'));
    await run(path.join(bin, 'promtool'), ['check', 'config', config]);
    prometheus = spawn(path.join(bin, 'prometheus'), [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(workDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${PROMETHEUS_PORT}`,
    ], { stdio: 'ignore' });
    await eventually('Prometheus ready', async () => ((await httpHealthy(`${prometheusUrl}/-/ready`)) ? true : undefined));
    // One request to each function, so its request counter has a series.
    for (const f of set.functions) await fetch(`${f.url}/health`);
  });

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((r) => prometheus?.once('close', r));
      prometheus.kill('SIGTERM');
      await exited;
    }
    await stopFunctions?.();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('scrapes one job per function of the chart, every target up', async () => {
    expect(jobs).toEqual(['collect', 'datasource', 'drift', 'explain', 'history', 'predict', 'preprocess', 'promote', 'train']);
    const targets = await eventually('every target scraped', async () => {
      const res = (await (await fetch(`${prometheusUrl}/api/v1/targets`)).json()) as { data: { activeTargets: Target[] } };
      const active = res.data.activeTargets;
      return active.length === jobs.length && active.every((t) => t.health !== 'unknown') ? active : undefined;
    });
    expect(targets.filter((t) => t.health !== 'up').map((t) => `${t.labels.job}: ${t.lastError}`)).toEqual([]);
    expect(targets.map((t) => t.labels.job).sort()).toEqual(jobs);
  });

  it('finds every function\'s request and process metrics under its own job', async () => {
    const found = await eventually('http_requests_total of every function', async () => {
      const rows = await query('count by (job, function) (http_requests_total)');
      return rows.length === jobs.length ? rows : undefined;
    });
    // The `function` label the code sets matches the job the chart names: one dashboard serves all.
    for (const row of found) expect(row.metric.function).toBe(row.metric.job);
    const started = await query('count by (job) (process_start_time_seconds)');
    expect(started.map((r) => r.metric.job).sort()).toEqual(jobs);
  });

  it('finds the predictor\'s and the pipeline decisions\' metrics', async () => {
    const backlog = await eventually('inference_log_backlog', async () => {
      const rows = await query('inference_log_backlog{job="predict"}');
      return rows.length > 0 ? rows : undefined;
    });
    expect(Number(backlog[0]?.value[1])).toBeGreaterThanOrEqual(0);
    const decisions = await query('count by (job, kind) (pipeline_decisions_total{dataset="realtor"})');
    expect(decisions.map((r) => `${r.metric.job}:${r.metric.kind}`).sort()).toEqual(['drift:skip', 'drift:train', 'promote:promote', 'promote:reject']);
  });
});
