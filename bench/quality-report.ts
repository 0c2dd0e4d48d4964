// The quality benchmark's printed tables: the scores of every model, the paired differences
// of ours against each other model, and the quality targets against them (docs/benchmarks.md,
// "Model quality against LightGBM"). Values and differences are two tables: as one, the
// intervals make it too wide to read once pasted into the docs.
import type { Interval } from '@tabular-ct/ml';
import { MODELS, PAIRS, type ModelKey, type Subset, type SubsetScore } from './quality-score.ts';

/** The scores of one dataset, as the report holds them. */
export interface DatasetScores {
  readonly dataset: string;
  readonly subsets: readonly SubsetScore[];
}

const SUBSET_LABEL: Record<Subset, string> = { all: 'all', complete: 'complete rows', missing: 'missing an optional field' };
const METRIC_LABEL: Record<string, string> = { rmse_log1p: 'RMSE log1p(price)', r2_log1p: 'R² log1p(price)', roc_auc: 'ROC AUC', log_loss: 'log-loss' };
const MODEL_LABEL: Record<ModelKey, string> = {
  ours: 'ours',
  ours_raw: 'ours, raw columns only',
  lightgbm_raw: 'LightGBM raw',
  lightgbm_derived: 'LightGBM + derived',
  lightgbm_derived_es: 'LightGBM + derived, early-stopped',
};

const count = (n: number): string => n.toLocaleString('en-US');
const value = (v: number | null | undefined): string => (v === null || v === undefined ? '-' : v.toFixed(4));
const signed = (v: number): string => `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(4)}`;
const percent = (v: number): string => `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(100 * v).toFixed(1)}%`;

/** "−0.0123 (−2.4%) [−0.0200, −0.0050]": for RMSE also the change relative to the second model's value (the 10% target). */
function difference(d: Interval | null | undefined, metric: string, base: number | null | undefined): string {
  if (!d) return '-';
  const relative = metric === 'rmse_log1p' && base ? ` (${percent(d.estimate / base)})` : '';
  return `${signed(d.estimate)}${relative} [${signed(d.lower)}, ${signed(d.upper)}]`;
}

/** One table line per dataset, subset and metric, each given the same leading cells. */
function subsetLines(all: readonly DatasetScores[], cells: (s: SubsetScore, metric: string) => string[]): { lines: string[]; notes: string[] } {
  const lines: string[] = [];
  const notes: string[] = [];
  for (const { dataset, subsets } of all) {
    const total = subsets.find((s) => s.subset === 'all')?.rows;
    for (const s of subsets) {
      // A subset with no rows, or with every test row, gets a sentence under the table
      // instead of lines (diabetes: every row misses an optional field such as weight).
      if (s.subset !== 'all' && (s.rows === 0 || s.rows === total)) {
        notes.push(`${dataset}: ${SUBSET_LABEL[s.subset]}: ${s.rows === 0 ? 'none of the test rows' : 'every test row'}.`);
        continue;
      }
      const rows = `${SUBSET_LABEL[s.subset]}: ${count(s.rows)}${s.positives === undefined ? '' : ` (${count(s.positives)} positive)`}`;
      for (const metric of Object.keys(s.values)) lines.push(`| ${[dataset, rows, METRIC_LABEL[metric] ?? metric, ...cells(s, metric)].join(' | ')} |`);
    }
  }
  return { lines, notes };
}

const withNotes = (header: string[], body: { lines: string[]; notes: string[] }): string =>
  [...header, ...body.lines, ...(body.notes.length > 0 ? ['', ...body.notes] : [])].join('\n');

/** Every model's value of each metric, per dataset and subset, as a markdown table. */
export function valuesTable(all: readonly DatasetScores[]): string {
  const header = [`| dataset | test rows | metric | ${MODELS.map((m) => MODEL_LABEL[m]).join(' | ')} |`, `|---|---|---|${MODELS.map(() => '---:').join('|')}|`];
  return withNotes(header, subsetLines(all, (s, metric) => MODELS.map((m) => value(s.values[metric]?.[m]))));
}

/** Ours minus every other model with its paired bootstrap 95% interval, as a markdown table. */
export function differencesTable(all: readonly DatasetScores[]): string {
  const header = [
    `| dataset | test rows | metric | ${PAIRS.map(([a, b]) => `${MODEL_LABEL[a]} − ${MODEL_LABEL[b]} [95% CI]`).join(' | ')} |`,
    `|---|---|---|${PAIRS.map(() => '---').join('|')}|`,
  ];
  return withNotes(header, subsetLines(all, (s, metric) => PAIRS.map(([a, b]) => difference(s.differences[metric]?.[`${a}-${b}`], metric, s.values[metric]?.[b]))));
}

/** One quality target, checked on ours (production) by the point estimate. */
interface TargetCheck {
  readonly dataset: string;
  readonly target: string;
  readonly measured: string;
  /** Whether the target holds; null when there is nothing to decide (no rows). */
  readonly met: boolean | null;
}

const subsetOf = (scores: DatasetScores, subset: Subset) => scores.subsets.find((s) => s.subset === subset);
const interval = (d: Interval) => `${signed(d.estimate)} [${signed(d.lower)}, ${signed(d.upper)}]`;

/** Ours minus another model on one subset and metric, checked against a bound on the point estimate. */
function differenceCheck(
  dataset: string,
  target: string,
  s: SubsetScore | undefined,
  metric: string,
  against: ModelKey,
  holds: (estimate: number) => boolean,
): TargetCheck {
  const d = s?.differences[metric]?.[`ours-${against}`] ?? null;
  return d ? { dataset, target, measured: interval(d), met: holds(d.estimate) } : { dataset, target, measured: '-', met: null };
}

/** The accuracy targets for the datasets run, judged on ours; met is decided on the point estimate, the interval says how sure. */
export function targetChecks(all: readonly DatasetScores[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const scores of all) {
    const every = subsetOf(scores, 'all');
    if (scores.dataset === 'realtor') {
      const target = 'RMSE of log price at least 10% below LightGBM-default on the raw columns (all test rows)';
      const ours = every?.values.rmse_log1p?.ours;
      const lgb = every?.values.rmse_log1p?.lightgbm_raw;
      checks.push(
        ours === null || ours === undefined || !lgb
          ? { dataset: 'realtor', target, measured: '-', met: null }
          : { dataset: 'realtor', target, measured: `${percent(ours / lgb - 1)} (${value(ours)} vs ${value(lgb)})`, met: ours / lgb - 1 <= -0.1 },
      );
      const noWorse = (e: number) => e <= 0;
      checks.push(
        differenceCheck('realtor', 'RMSE of log price no worse than LightGBM given the same derived features (all test rows; difference)', every, 'rmse_log1p', 'lightgbm_derived', noWorse),
      );
      checks.push(
        differenceCheck('realtor', 'on rows with a missing field, RMSE of log price no worse than LightGBM-default (difference)', subsetOf(scores, 'missing'), 'rmse_log1p', 'lightgbm_raw', noWorse),
      );
    }
    if (scores.dataset === 'diabetes') {
      checks.push(
        differenceCheck('diabetes', 'ROC AUC at least 0.005 above LightGBM given the same derived features (all test rows; difference)', every, 'roc_auc', 'lightgbm_derived', (e) => e >= 0.005),
      );
      checks.push(
        differenceCheck(
          'diabetes',
          "ROC AUC never below today's production settings (ours, raw columns only) on the same split (all test rows; difference)",
          every,
          'roc_auc',
          'ours_raw',
          (e) => e >= 0,
        ),
      );
    }
  }
  return checks;
}

/** The targets as a markdown table, judged on ours. */
export function targetsTable(checks: readonly TargetCheck[]): string {
  const lines = ['| dataset | target | ours: measured | verdict |', '|---|---|---|---|'];
  for (const c of checks) lines.push(`| ${c.dataset} | ${c.target} | ${c.measured} | ${c.met === null ? 'n/a' : c.met ? 'met' : '**not met**'} |`);
  return lines.join('\n');
}
