import type { ColumnDrift } from '@tabular-ct/core';

/** A column's traffic light: red drifted, amber close to the threshold, green clear, grey untested. */
type Light = 'red' | 'amber' | 'green' | 'grey';

// How close to the threshold counts as a warning: a p-value within twice the significance
// level, or a distance above three quarters of its threshold. A judgement call for the
// display only; the retrain decision is the drift function's, from `drifted`.
const P_VALUE_WARNING = 2;
const DISTANCE_WARNING = 0.75;

export function driftLight(c: Pick<ColumnDrift, 'drifted' | 'statistic' | 'p_value' | 'threshold' | 'test'>): Light {
  if (c.drifted) return 'red';
  if (c.statistic === null || c.test === 'untested') return 'grey';
  if (c.p_value !== undefined) return c.p_value <= c.threshold * P_VALUE_WARNING ? 'amber' : 'green';
  return c.statistic >= c.threshold * DISTANCE_WARNING ? 'amber' : 'green';
}

/** The number compared with the threshold: the p-value for tests that have one, else the distance. */
export const comparedValue = (c: Pick<ColumnDrift, 'statistic' | 'p_value'>): number | null => c.p_value ?? c.statistic;
