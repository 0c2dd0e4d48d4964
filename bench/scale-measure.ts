/**
 * What the course-scale benchmark (bench/scale.ts) measures besides the cycle itself: each
 * function's resident memory over time, the Airflow task instances of each run, the answers
 * the web UI reads, and the UI's views in Chromium.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Pool } from '@tabular-ct/platform';
import { ensureChromium } from '../scripts/stack/chromium.ts';
import { recordedPid } from '../scripts/stack/service.ts';

/** One reading of a process's resident set, in bytes. */
interface RssSample {
  at: number;
  rss: number;
}

/** Samples the resident memory of each named service's process every `everyMs`, until stopped. */
export function sampleRss(services: Record<string, string>, everyMs = 100): { stop(): void; peak(fn: string, from: number, to: number): number } {
  const samples = new Map<string, RssSample[]>(Object.keys(services).map((fn) => [fn, []]));
  const pids = new Map<string, number>();
  const read = async (): Promise<void> => {
    for (const [fn, service] of Object.entries(services)) {
      const pid = pids.get(fn) ?? (await recordedPid(service));
      if (pid === undefined) continue;
      pids.set(fn, pid);
      // VmRSS of the function's own node process (the service runs node directly, no wrapper).
      const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
      const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
      if (kb) samples.get(fn)?.push({ at: Date.now(), rss: Number(kb) * 1024 });
      else pids.delete(fn);
    }
  };
  const timer = setInterval(() => void read(), everyMs);
  return {
    stop: () => clearInterval(timer),
    peak: (fn, from, to) => Math.max(0, ...(samples.get(fn) ?? []).filter((s) => s.at >= from && s.at <= to).map((s) => s.rss)),
  };
}

/** One task instance of a DAG run, as Airflow recorded it. */
export interface TaskTime {
  task: string;
  start: number;
  end: number;
  tries: number;
}

/** The task instances of the given runs that ran (start and end set), by run id. */
export async function taskTimes(airflowDb: Pool, dagId: string, runIds: readonly string[]): Promise<Map<string, TaskTime[]>> {
  const found = await airflowDb.query<{ run_id: string; task_id: string; start_date: Date; end_date: Date; try_number: number }>(
    `SELECT run_id, task_id, start_date, end_date, try_number FROM task_instance
     WHERE dag_id = $1 AND run_id = ANY($2) AND start_date IS NOT NULL AND end_date IS NOT NULL`,
    [dagId, runIds],
  );
  const byRun = new Map<string, TaskTime[]>();
  for (const r of found.rows) {
    const list = byRun.get(r.run_id) ?? [];
    list.push({ task: r.task_id, start: r.start_date.getTime(), end: r.end_date.getTime(), tries: r.try_number });
    byRun.set(r.run_id, list);
  }
  return byRun;
}

/** How long an answer the UI reads took and how large it was. */
export interface AnswerSize {
  what: string;
  status: number;
  ms: number;
  bytes: number;
}

/** Times GET requests as the UI sends them (the history function's /history, /drift and /profile). */
export async function answerSizes(requests: Record<string, string>): Promise<AnswerSize[]> {
  const out: AnswerSize[] = [];
  for (const [what, url] of Object.entries(requests)) {
    const started = performance.now();
    const res = await fetch(url);
    const body = await res.arrayBuffer();
    out.push({ what, status: res.status, ms: performance.now() - started, bytes: body.byteLength });
  }
  return out;
}

/** A view of the UI as Chromium showed it: its heading, time to show it, and its screenshot. */
export interface ViewCheck {
  view: string;
  heading: string;
  ms: number;
  screenshot: string;
  errors: string[];
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Opens each view of the UI and keeps a screenshot: the check that the views load with the course-scale history. */
export async function checkViews(uiUrl: string, views: readonly string[], dir: string): Promise<ViewCheck[]> {
  const browser = await chromium.launch({ executablePath: await ensureChromium(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    page.setDefaultTimeout(60_000);
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => errors.push(e.message));
    const checks: ViewCheck[] = [];
    for (const view of views) {
      errors.length = 0;
      const started = performance.now();
      await page.goto(`${uiUrl}/#/${view}`);
      const heading = await page.locator('[role="tabpanel"] h2').first().textContent();
      // The view has loaded when no "loading" placeholder is left in it.
      await page.waitForFunction(() => !document.querySelector('[role="tabpanel"] [aria-busy="true"]'));
      const ms = performance.now() - started;
      const screenshot = path.join(dir, `${view}.png`);
      await page.screenshot({ path: screenshot, fullPage: true });
      checks.push({ view, heading: heading ?? '', ms, screenshot, errors: [...errors] });
    }
    return checks;
  } finally {
    await browser.close();
  }
}
