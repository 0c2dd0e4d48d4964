// The quality benchmark's printed tables: the scores of every model with the paired
// differences, and the quality targets against them (docs/benchmarks.md, "Model quality
// against LightGBM").
import type { Interval } from '@tabular-ct/ml';
import type { ModelKey, Subset, SubsetScore } from './quality-score.ts';

/** The scores of one dataset, as the report holds them. */
export interface DatasetScores {
  readonly dataset: string;
  readonly subsets: readonly SubsetScore[];
}

const SUBSET_LABEL: Record<Subset, string> = { all: 'all', complete: 'complete rows', missing: 'missing an optional field' };
const METRIC_LABEL: Record<string, string> = { rmse_log1p: 'RMSE log1p(price)', r2_log1p: 'R² log1p(price)', roc_auc: 'ROC AUC', log_loss: 'log-loss' };

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

/**
 * One markdown table for every dataset run: each subset and metric, the four models and the
 * differences. A subset with no rows, or with every test row, gets a sentence under the
 * table instead of lines (diabetes: every row misses an optional field such as weight).
 */
export function scoresTable(all: readonly DatasetScores[]): string {
  const notes: string[] = [];
  const lines = [
    '| dataset | test rows | metric | ours | LightGBM raw | LightGBM + derived | ours − LightGBM raw [95% CI] | ours − LightGBM + derived [95% CI] | preview: ours + derived | preview − LightGBM + derived [95% CI] |',
    '|---|---|---|---:|---:|---:|---|---|---:|---|',
  ];
  for (const { dataset, subsets } of all) {
    const total = subsets.find((s) => s.subset === 'all')?.rows;
    for (const s of subsets) {
      if (s.subset !== 'all' && (s.rows === 0 || s.rows === total)) {
        notes.push(`${dataset}: ${SUBSET_LABEL[s.subset]}: ${s.rows === 0 ? 'none of the test rows' : 'every test row'}.`);
        continue;
      }
      const rows = `${SUBSET_LABEL[s.subset]}: ${count(s.rows)}${s.positives === undefined ? '' : ` (${count(s.positives)} positive)`}`;
      for (const [metric, v] of Object.entries(s.values)) {
        const d = s.differences[metric] ?? {};
        lines.push(
          `| ${dataset} | ${rows} | ${METRIC_LABEL[metric] ?? metric} | ${value(v.ours)} | ${value(v.lightgbm_raw)} | ${value(v.lightgbm_derived)} | ` +
            `${difference(d['ours-lightgbm_raw'], metric, v.lightgbm_raw)} | ${difference(d['ours-lightgbm_derived'], metric, v.lightgbm_derived)} | ` +
            `${value(v.ours_derived)} | ${difference(d['ours_derived-lightgbm_derived'], metric, v.lightgbm_derived)} |`,
        );
      }
    }
  }
  return [...lines, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}

/** One quality target, checked on the point estimates for today's model and for the preview. */
interface TargetCheck {
  readonly dataset: string;
  readonly target: string;
  /** model -> what was measured, and whether the target holds (null: nothing to decide). */
  readonly results: Partial<Record<ModelKey, { measured: string; met: boolean | null }>>;
}

const subsetOf = (scores: DatasetScores, subset: Subset) => scores.subsets.find((s) => s.subset === subset);

/** The accuracy targets for the datasets run; met is decided on the point estimate, the interval says how sure. */
export function targetChecks(all: readonly DatasetScores[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const models = ['ours', 'ours_derived'] as const;
  for (const scores of all) {
    const every = subsetOf(scores, 'all');
    const missing = subsetOf(scores, 'missing');
    const diff = (s: SubsetScore | undefined, metric: string, a: ModelKey, b: ModelKey) => s?.differences[metric]?.[`${a}-${b}`] ?? null;
    const interval = (d: Interval) => `${signed(d.estimate)} [${signed(d.lower)}, ${signed(d.upper)}]`;
    if (scores.dataset === 'realtor') {
      const tenPercent = Object.fromEntries(
        models.map((m) => {
          const ours = every?.values.rmse_log1p?.[m];
          const lgb = every?.values.rmse_log1p?.lightgbm_raw;
          if (ours === null || ours === undefined || !lgb) return [m, { measured: '-', met: null }];
          return [m, { measured: `${percent(ours / lgb - 1)} (${value(ours)} vs ${value(lgb)})`, met: ours / lgb - 1 <= -0.1 }];
        }),
      );
      checks.push({ dataset: 'realtor', target: 'RMSE of log price at least 10% below LightGBM-default on the raw columns (all test rows)', results: tenPercent });
      const noWorse = (s: SubsetScore | undefined, against: ModelKey) =>
        Object.fromEntries(
          models.map((m) => {
            const d = diff(s, 'rmse_log1p', m, against);
            return [m, d ? { measured: interval(d), met: d.estimate <= 0 } : { measured: '-', met: null }];
          }),
        );
      checks.push({ dataset: 'realtor', target: 'RMSE of log price no worse than LightGBM given the same derived features (all test rows; difference)', results: noWorse(every, 'lightgbm_derived') });
      checks.push({ dataset: 'realtor', target: 'on rows with a missing field, RMSE of log price no worse than LightGBM-default (difference)', results: noWorse(missing, 'lightgbm_raw') });
    }
    if (scores.dataset === 'diabetes') {
      const above = Object.fromEntries(
        models.map((m) => {
          const d = diff(every, 'roc_auc', m, 'lightgbm_derived');
          return [m, d ? { measured: interval(d), met: d.estimate >= 0.005 } : { measured: '-', met: null }];
        }),
      );
      checks.push({ dataset: 'diabetes', target: 'ROC AUC at least 0.005 above LightGBM given the same derived features (all test rows; difference)', results: above });
      const today = every?.values.roc_auc?.ours ?? null;
      const preview = diff(every, 'roc_auc', 'ours_derived', 'ours');
      checks.push({
        dataset: 'diabetes',
        target: "ROC AUC never below today's production settings on the same split (all test rows)",
        results: {
          ours: { measured: `${value(today)}: today's model, the baseline`, met: null },
          ours_derived: preview ? { measured: interval(preview), met: preview.estimate >= 0 } : { measured: '-', met: null },
        },
      });
    }
  }
  return checks;
}

const verdict = (r: { measured: string; met: boolean | null } | undefined): string =>
  r === undefined ? '-' : `${r.measured}: ${r.met === null ? 'n/a' : r.met ? 'met' : '**not met**'}`;

/** The targets as a markdown table: today's model, and the preview of our engine given the derived columns. */
export function targetsTable(checks: readonly TargetCheck[]): string {
  const lines = ['| dataset | target | ours (production today) | preview: ours + derived |', '|---|---|---|---|'];
  for (const c of checks) lines.push(`| ${c.dataset} | ${c.target} | ${verdict(c.results.ours)} | ${verdict(c.results.ours_derived)} |`);
  return lines.join('\n');
}
