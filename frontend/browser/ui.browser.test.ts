import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DriftHistoryResponse } from '@tabular-ct/core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium } from '../../scripts/stack/chromium.ts';
import { cacheDir } from '../../scripts/stack/paths.ts';
import { translator } from '../src/lib/i18n.ts';
import type { ModelMetadata } from '@tabular-ct/core';
import { toTargetUnits } from '../src/lib/waterfall.ts';
import { startUiStack, type UiStack } from './ui-stack.ts';

const screenshots = path.join(cacheDir, 'test-results', 'ui-screenshots');
// Debian's Chromium headless as a CI container allows it: no sandbox (root), no GPU, nothing fetched in the background.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const en = translator('en');

describe('the web UI in Chromium after a realtor cycle', () => {
  let stack: UiStack;
  let browser: Browser;
  let page: Page;
  let predictPosts = 0;
  let shownPrediction = 0;
  const consoleErrors: string[] = [];

  const open = async (view: string) => {
    await page.goto(`${stack.ui}/#/${view}`);
    await page.locator('[role="tabpanel"] h2').waitFor();
  };
  const shot = (name: string) => page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    const executablePath = await ensureChromium();
    await mkdir(screenshots, { recursive: true });
    // The browser starts while the cycle runs: a first launch on a fresh machine builds its
    // font cache, which would otherwise eat into the first test's time.
    const launched = (async () => {
      const b = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
      const p = await b.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
      await p.setContent('<p>warming up: Tabular CT, Predicción 420.472</p>');
      await p.screenshot();
      return { b, p };
    })();
    const [ready, started] = await Promise.allSettled([launched, startUiStack()]);
    if (ready.status === 'fulfilled') ({ b: browser, p: page } = ready.value);
    if (started.status === 'fulfilled') stack = started.value;
    if (ready.status === 'rejected') throw ready.reason;
    if (started.status === 'rejected') throw started.reason;
    page.setDefaultTimeout(30_000);
    // A refused CORS preflight, a failed fetch or a script error all show in the console.
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/predict') predictPosts++;
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('predicts with the default values and shows a number and the production version', async () => {
    const production = stack.rows.filter((r) => r.promoted).at(-1)?.version;
    await open('predict');
    await page.getByRole('button', { name: en('predict.submit'), exact: true }).click();
    const output = page.getByTestId('prediction');
    await output.waitFor();
    shownPrediction = Number(await output.getAttribute('data-value'));
    expect(Number.isFinite(shownPrediction) && shownPrediction > 0).toBe(true);
    expect((await output.textContent())?.trim()).toMatch(/^[\d,.]+$/);
    expect(await page.getByTestId('served-by').getAttribute('data-version')).toBe(production);
    expect(predictPosts).toBe(1);
    await shot('predict');
  });

  it('predicts a CSV file and offers the result with a prediction per row to download', async () => {
    const csv = 'status,bed,bath,acre_lot,city,state,zip_code,house_size,prev_sold_date\nfor_sale,3,2,0.25,Columbus,Ohio,43004,1600,2019-06-01\nsold,"4",3,1.5,"Austin, TX",Texas,73301,2600,\n';
    await page.locator('#batch-file').setInputFiles({ name: 'houses.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: en('predict.batchRun') }).click();
    const link = page.getByTestId('batch-download');
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const lines = (await readFile(await download.path(), 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('status,bed,bath,acre_lot,city,state,zip_code,house_size,prev_sold_date,prediction');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^sold,"4",3,1\.5,"Austin, TX",Texas,73301,2600,,\d+(\.\d+)?$/);
  });

  it('shows the field\'s message for an invalid value and sends nothing', async () => {
    const model = (await (await fetch(`${stack.urls.predict}/model`)).json()) as ModelMetadata;
    const bounded = model.features.find((f) => f.type === 'number' && f.min !== undefined);
    if (!bounded || bounded.min === undefined) throw new Error('the realtor model has no bounded number feature');
    const before = predictPosts;
    await page.locator(`#f-${bounded.name}`).fill(String(bounded.min - 1));
    await page.getByRole('button', { name: en('predict.submit'), exact: true }).click();
    await expect.poll(() => page.getByTestId(`msg-${bounded.name}`).textContent()).toBe(en('field.belowMin', { min: bounded.min }));
    expect(await page.locator(`#f-${bounded.name}`).getAttribute('aria-invalid')).toBe('true');
    // Focus moves to the field to fix, for keyboard users.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`f-${bounded.name}`);
    await page.waitForTimeout(300);
    expect(predictPosts).toBe(before);
    await shot('predict-invalid');
    await page.getByRole('button', { name: en('predict.reset') }).click();
  });

  it('draws a waterfall whose bars add up to the prediction', async () => {
    await page.getByRole('button', { name: en('predict.explainThis') }).click();
    const chart = page.locator('svg.waterfall');
    await chart.waitFor({ timeout: 30_000 });
    const explanation = page.getByTestId('explanation');
    const explained = Number(await explanation.getAttribute('data-prediction'));
    const transform = (await explanation.getAttribute('data-transform')) as 'identity' | 'expm1' | 'sigmoid';
    const base = Number(await chart.getAttribute('data-base'));
    const pushes = (await chart.locator('g.step').evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-shap'))))) as number[];
    expect(pushes.length).toBeGreaterThan(3);
    const sum = base + pushes.reduce((s, v) => s + v, 0);
    // SHAP's additivity is exact up to float64 rounding over a few hundred leaves.
    expect(Math.abs(sum - explained)).toBeLessThan(1e-9 * Math.max(1, Math.abs(explained)));
    expect(Number(await chart.locator('g.final').getAttribute('data-value'))).toBeCloseTo(sum, 9);
    // The predictor runs the ONNX graph in float32; the explanation sums the trees in float64.
    expect(Math.abs(toTargetUnits(sum, transform) - shownPrediction) / shownPrediction).toBeLessThan(1e-3);
    await shot('explain');
  });

  it('shows the production version\'s importance and compares two versions the user picks', async () => {
    await page.getByRole('button', { name: en('explain.importanceRun') }).click();
    const bars = page.locator('[role="tabpanel"] .card').nth(1).locator('svg.chart g');
    await expect.poll(() => bars.count(), { timeout: 30_000 }).toBeGreaterThan(3);
    const features = await bars.count();
    const versions = stack.rows.filter((r) => r.version !== undefined).map((r) => r.version ?? '');
    await page.locator('#compare-a').selectOption(versions[0] ?? '');
    await page.locator('#compare-b').selectOption(versions.at(-1) ?? '');
    await page.getByRole('button', { name: en('explain.compareRun') }).click();
    const rows = page.locator('[role="tabpanel"] .card').nth(2).locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(features);
    expect(await page.locator('[role="tabpanel"] .card').nth(2).locator('thead').textContent()).toContain(`v${versions.at(-1)}`);
    await shot('explain-importance-compare');
  });

  it('lists every batch and every version with its decision, and the version in production', async () => {
    await open('history');
    await page.getByTestId('timeline').waitFor();
    const batches = await page.locator('[data-testid="timeline"] > li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-batch')));
    expect(batches).toEqual(stack.rows.map((r) => r.batch));
    for (const r of stack.rows) {
      const item = page.locator(`[data-testid="timeline"] > li[data-batch="${r.batch}"]`);
      expect(await item.locator('li.decision').first().getAttribute('data-kind')).toBe(r.retrain ? 'train' : 'skip');
      if (r.version !== undefined) expect(await item.locator(`li.decision[data-kind="${r.promoted ? 'promote' : 'reject'}"]`).getAttribute('data-version')).toBe(r.version);
    }
    const trained = stack.rows.filter((r) => r.version !== undefined);
    const versions = await page.locator('[data-testid="versions"] tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-version'), tr.getAttribute('data-decision')]));
    expect(versions.sort()).toEqual(trained.map((r) => [r.version, r.promoted ? 'promoted' : 'rejected']).sort());
    expect(await page.getByTestId('production-now').getAttribute('data-version')).toBe(trained.filter((r) => r.promoted).at(-1)?.version);
    await shot('history');
  });

  it('shows the latest batch in the drift table with a light per column and the recommendation', async () => {
    await open('monitoring');
    await page.getByTestId('drift-table').waitFor();
    const latest = stack.rows.at(-1);
    expect(await page.getByTestId('drift-batch').getAttribute('data-batch')).toBe(latest?.batch);
    const lights = await page.locator('[data-testid="drift-table"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-light')));
    expect(lights.length).toBeGreaterThan(3);
    expect(lights.every((l) => ['red', 'amber', 'green', 'grey'].includes(l ?? ''))).toBe(true);
    expect(await page.getByTestId('recommendation').getAttribute('data-retrain')).toBe(String(latest?.retrain));
    // A column's reference and current distributions are both drawn, and its statistic over every batch but the first (no reference yet).
    await page.locator('[data-testid="drift-table"] tr[data-column="house_size"] button').click();
    const cards = page.locator('[role="tabpanel"] .two .card');
    await expect.poll(() => cards.nth(0).locator('h3').textContent()).toContain('house_size');
    for (const series of ['path.series-ref', 'path.series-cur']) await expect.poll(() => cards.nth(0).locator(series).getAttribute('d'), { timeout: 10_000 }).toMatch(/^M/);
    // One point per batch whose report tested house_size with the latest batch's test (a smaller reference gets another test).
    const drift = (await (await fetch(`${stack.urls.history}/drift?dataset=realtor`)).json()) as DriftHistoryResponse;
    const tests = drift.reports.map((r) => r.report.columns.find((c) => c.column === 'house_size')).filter((c) => c !== undefined && c.statistic !== null);
    expect(await cards.nth(1).locator('circle.point').count()).toBe(tests.filter((c) => c?.test === tests.at(-1)?.test).length);
    await shot('monitoring');
  });

  it('shows the latest batch\'s profile and another batch\'s on request', async () => {
    await open('data');
    await page.getByTestId('profile-batch').waitFor();
    expect(await page.getByTestId('profile-batch').getAttribute('data-batch')).toBe(stack.rows.at(-1)?.batch);
    const first = stack.rows[0]?.batch ?? '';
    await page.locator('#profile-batch').selectOption(first);
    await expect.poll(() => page.getByTestId('profile-batch').getAttribute('data-batch')).toBe(first);
    await shot('data');
  });

  it('switches to Spanish, moves between views by keyboard and fits a phone screen', async () => {
    await open('predict');
    await page.locator('#lang').selectOption('es');
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toBe('Predecir');
    await page.getByRole('tab', { selected: true }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/explain');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-explain');
    await page.setViewportSize({ width: 390, height: 844 });
    await open('predict');
    await page.getByTestId('model-line').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot('predict-phone-es');
    expect(consoleErrors).toEqual([]);
  });
});
