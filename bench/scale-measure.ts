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

/** One reading of a process: resident set in bytes, CPU seconds used since it started. */
interface ProcessSample {
  at: number;
  rss: number;
  cpu: number;
}

// /proc/<pid>/stat counts CPU time in clock ticks, 100 per second on Linux (getconf CLK_TCK).
const TICKS_PER_SECOND = 100;

/** Resident set and CPU time (user + system, every thread) of a process, from /proc. */
async function readProcess(pid: number): Promise<{ rss: number; cpu: number } | undefined> {
  const [status, stat] = await Promise.all([readFile(`/proc/${pid}/status`, 'utf8'), readFile(`/proc/${pid}/stat`, 'utf8')].map((p) => p.catch(() => '')));
  const kb = /VmRSS:\s+(\d+) kB/.exec(status ?? '')?.[1];
  // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
  const fields = (stat ?? '').slice((stat ?? '').lastIndexOf(')') + 2).split(' ');
  if (!kb || fields.length < 13) return undefined;
  return { rss: Number(kb) * 1024, cpu: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
}

/**
 * Samples each named service's process every `everyMs` until stopped: its peak resident memory
 * in a time span, and the CPU seconds it used in one (both threads of a two-core training count).
 */
export function sampleProcesses(services: Record<string, string>, everyMs = 100): {
  stop(): void;
  peak(fn: string, from: number, to: number): number;
  cpuSeconds(fn: string, from: number, to: number): number;
} {
  const samples = new Map<string, ProcessSample[]>(Object.keys(services).map((fn) => [fn, []]));
  const pids = new Map<string, number>();
  const read = async (): Promise<void> => {
    for (const [fn, service] of Object.entries(services)) {
      const pid = pids.get(fn) ?? (await recordedPid(service));
      if (pid === undefined) continue;
      pids.set(fn, pid);
      // The function's own node process: the service runs node directly, no wrapper.
      const reading = await readProcess(pid);
      if (reading) samples.get(fn)?.push({ at: Date.now(), ...reading });
      else pids.delete(fn);
    }
  };
  const timer = setInterval(() => void read(), everyMs);
  const within = (fn: string, from: number, to: number): ProcessSample[] => (samples.get(fn) ?? []).filter((s) => s.at >= from && s.at <= to);
  // The CPU counter is cumulative: the span's use is the last reading before its end less the last before its start.
  const cpuAt = (fn: string, at: number): number => (samples.get(fn) ?? []).filter((s) => s.at <= at).at(-1)?.cpu ?? 0;
  return {
    stop: () => clearInterval(timer),
    peak: (fn, from, to) => Math.max(0, ...within(fn, from, to).map((s) => s.rss)),
    cpuSeconds: (fn, from, to) => cpuAt(fn, to) - cpuAt(fn, from),
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
