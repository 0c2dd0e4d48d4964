import { encodeColumns, type DatasetSpec } from '@tabular-ct/core';
import { bootstrapDifference, logLoss, rmse, type Metric } from '@tabular-ct/ml';
import { loadedInputs, type LoadedModel, type StoredCleanRow } from '@tabular-ct/platform';
import type { HeadToHead } from './promotion-rule.ts';

// 1,000 paired resamples put the 2.5% and 97.5% percentiles within about a percent of the
// interval's width; a fixed seed makes a decision reproducible from the same rows.
const BOOTSTRAP = { resamples: 1_000, level: 0.95, seed: 20_261_123 } as const;

/** The metric promotion compares, lower is better: the loss each model was trained to lower. */
export function promotionMetric(spec: DatasetSpec): { name: string; transform: (x: Float64Array) => Float64Array; metric: Metric } {
  if (spec.target.task === 'binary') return { name: 'log_loss', transform: (x) => x, metric: logLoss };
  if (spec.target.transform === 'log1p') {
    // Prices: relative errors, as trained; a $50k miss on a $100k house is not one on a $5M house.
    return { name: 'rmse_log1p', transform: (x) => x.map((v) => Math.log1p(Math.max(v, 0))), metric: rmse };
  }
  return { name: 'rmse', transform: (x) => x, metric: rmse };
}

/** Scores a model on rows: its predictions in the target's units. */
async function predictRows(spec: DatasetSpec, model: LoadedModel, rows: readonly StoredCleanRow[]): Promise<Float64Array> {
  return model.run(encodeColumns(loadedInputs(spec, model).map((i) => i.feature), rows.map((r) => r.features)));
}

/** Challenger and champion on the same held-out rows, with the paired bootstrap interval of their difference. */
export async function headToHead(spec: DatasetSpec, challenger: LoadedModel, champion: LoadedModel, rows: readonly StoredCleanRow[]): Promise<HeadToHead> {
  const { name, transform, metric } = promotionMetric(spec);
  const y = transform(Float64Array.from(rows, (r) => r.target));
  const [pChallenger, pChampion] = await Promise.all([predictRows(spec, challenger, rows), predictRows(spec, champion, rows)]);
  const a = transform(pChallenger);
  const b = transform(pChampion);
  return {
    metric: name,
    rows: rows.length,
    challenger: metric(y, a),
    champion: metric(y, b),
    difference: bootstrapDifference(metric, y, a, b, BOOTSTRAP),
    level: BOOTSTRAP.level,
  };
}
