import type { Interval } from '@tabular-ct/ml';

/** How the challenger and the champion scored on the same held-out rows. */
export interface HeadToHead {
  /** The metric compared, lower is better (RMSE of log1p(price), log-loss). */
  metric: string;
  rows: number;
  challenger: number;
  champion: number;
  /** Paired bootstrap interval of challenger minus champion. */
  difference: Interval;
  level: number;
}

interface PromotionDecision {
  promote: boolean;
  rule: string;
  reason: string;
}

export const PROMOTION_RULE =
  'promote when the paired bootstrap interval of (challenger - champion) on the same held-out rows lies entirely below zero ' +
  'for a metric where lower is better: the challenger is better beyond what resampling the rows explains';

const fmt = (x: number): string => x.toPrecision(4);

/** Fewer held-out rows than this and a bootstrap interval says little: the champion stays. */
const MIN_HELDOUT_ROWS = 30;

/**
 * The promotion rule: with no champion the challenger is promoted; otherwise only a
 * difference whose whole interval favours the challenger counts. A bare percentage would
 * promote on noise for small held-out sets and refuse real gains for large ones; the
 * interval scales with the evidence.
 */
export function decidePromotion(h: HeadToHead | undefined): PromotionDecision {
  if (!h) return { promote: true, rule: PROMOTION_RULE, reason: 'no model is in production: the first version becomes the champion' };
  if (h.rows < MIN_HELDOUT_ROWS) {
    return { promote: false, rule: PROMOTION_RULE, reason: `only ${h.rows} held-out rows, fewer than the ${MIN_HELDOUT_ROWS} a comparison needs: the champion stays` };
  }
  const { difference: d } = h;
  const interval = `${fmt(d.estimate)} [${fmt(d.lower)}, ${fmt(d.upper)}] at ${(h.level * 100).toFixed(0)}%`;
  const scores = `${h.metric} ${fmt(h.challenger)} against the champion's ${fmt(h.champion)} on ${h.rows} held-out rows`;
  if (d.upper < 0) return { promote: true, rule: PROMOTION_RULE, reason: `better: ${scores}; difference ${interval}, entirely below zero` };
  const verdict = d.lower > 0 ? 'worse' : 'not better beyond resampling noise';
  return { promote: false, rule: PROMOTION_RULE, reason: `${verdict}: ${scores}; difference ${interval}` };
}
