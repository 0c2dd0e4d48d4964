/** One bar of a SHAP waterfall: a feature's push from `start` to `end` in the explained output's units. */
export interface WaterfallBar {
  feature: string;
  value: number | string | null;
  shap: number;
  start: number;
  end: number;
}

export interface Waterfall {
  base: number;
  bars: WaterfallBar[];
  /** base + every push: the explained output for this input. */
  final: number;
  /** Features left out of the bars (the smallest pushes), summed in one bar so the total still adds up. */
  rest: number;
}

/**
 * The waterfall of an explanation: from the base value, the largest pushes first, each bar
 * starting where the previous one ended. With `keep`, the smallest pushes are summed into
 * one "other features" bar, so the bars still end exactly at base + sum(shap).
 */
export function waterfall(base: number, values: ReadonlyArray<{ feature: string; value: number | string | null; shap: number }>, keep = Infinity): Waterfall {
  const sorted = [...values].sort((a, b) => Math.abs(b.shap) - Math.abs(a.shap));
  const shown = sorted.slice(0, keep);
  const rest = sorted.slice(keep).reduce((s, v) => s + v.shap, 0);
  const bars: WaterfallBar[] = [];
  let at = base;
  for (const v of shown) {
    bars.push({ feature: v.feature, value: v.value, shap: v.shap, start: at, end: at + v.shap });
    at += v.shap;
  }
  if (sorted.length > shown.length) {
    bars.push({ feature: '', value: null, shap: rest, start: at, end: at + rest });
    at += rest;
  }
  return { base, bars, final: at, rest };
}

/** The explained output in the target's units (the predictor's answer), as output_transform says. */
export function toTargetUnits(x: number, transform: 'identity' | 'expm1' | 'sigmoid'): number {
  if (transform === 'expm1') return Math.expm1(x);
  if (transform === 'sigmoid') return 1 / (1 + Math.exp(-x));
  return x;
}
