import type { Registry } from 'prom-client';
import type { DecisionKind } from '../clean/decisions.ts';
import { metricFactory } from './metric-factory.ts';

/** The pipeline's decisions as a metric, for the pipeline dashboard: one per batch from drift, one per trained version from promote. */
export interface DecisionMetrics {
  /** A decision newly recorded (not a retry answered from the record). */
  countDecision(dataset: string, kind: DecisionKind): void;
}

/**
 * Registers `pipeline_decisions_total{dataset, kind}` on a function's registry, every
 * dataset and kind the function can decide already at 0: a series that appears only at its
 * first decision would hide that decision from increase() and rate(), and functions scaled
 * to zero start fresh often.
 */
export function createDecisionMetrics(registry: Registry, datasets: readonly string[], kinds: readonly DecisionKind[]): DecisionMetrics {
  const decisions = metricFactory(registry).counter('pipeline_decisions_total', 'Pipeline decisions recorded, by dataset and kind (train, skip, promote, reject).', ['dataset', 'kind']);
  for (const dataset of datasets) for (const kind of kinds) decisions.inc({ dataset, kind }, 0);
  return {
    countDecision: (dataset, kind) => decisions.inc({ dataset, kind }),
  };
}
