import { describe, expect, it } from 'vitest';
import { createFunctionMetrics } from './function-metrics.ts';
import { createDecisionMetrics } from './decision-metrics.ts';

describe('createDecisionMetrics', () => {
  it('exports every dataset and kind at 0 before the first decision, then counts', async () => {
    const { registry } = createFunctionMetrics('drift');
    const decisions = createDecisionMetrics(registry, ['realtor', 'diabetes'], ['train', 'skip']);
    const before = await registry.metrics();
    for (const dataset of ['realtor', 'diabetes']) {
      for (const kind of ['train', 'skip']) expect(before).toContain(`pipeline_decisions_total{dataset="${dataset}",kind="${kind}",function="drift"} 0`);
    }
    expect(before).not.toContain('kind="promote"');

    decisions.countDecision('realtor', 'train');
    decisions.countDecision('realtor', 'train');
    decisions.countDecision('diabetes', 'skip');
    const after = await registry.metrics();
    expect(after).toContain('pipeline_decisions_total{dataset="realtor",kind="train",function="drift"} 2');
    expect(after).toContain('pipeline_decisions_total{dataset="diabetes",kind="skip",function="drift"} 1');
    expect(after).toContain('pipeline_decisions_total{dataset="realtor",kind="skip",function="drift"} 0');
  });
});
