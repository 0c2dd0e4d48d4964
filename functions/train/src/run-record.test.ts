import { describe, expect, it } from 'vitest';
import { metricsFromRun, modelMetrics, reasonsTag, searchMetrics } from './run-record.ts';
import type { SearchResult } from './search.ts';

describe('reasonsTag', () => {
  it('puts one reason per line', () => {
    expect(reasonsTag(['price drifted: PSI 0.31 > 0.2', 'new states: Utah'])).toBe('price drifted: PSI 0.31 > 0.2\nnew states: Utah');
  });
  it("cuts at MLflow's 8,000 characters and says so", () => {
    const tag = reasonsTag(Array.from({ length: 10 }, () => 'x'.repeat(1999)));
    expect(tag.length).toBeLessThanOrEqual(8000);
    expect(tag).toMatch(/\[\.\.\. cut at 8000\]$/);
  });
});

describe('run metrics', () => {
  const search = { metric: 'log_loss', trials: [{ validation: 0.33 }, { validation: 0.32 }] } as unknown as SearchResult;
  const metrics = { validation: { log_loss: 0.32, roc_auc: 0.66 }, test: { log_loss: 0.34 } };

  it('logs validation_* and test_* as the model\'s metrics, and each trial as a step of search_<metric> on the run', () => {
    expect(modelMetrics(metrics)).toEqual([
      { key: 'validation_log_loss', value: 0.32 },
      { key: 'validation_roc_auc', value: 0.66 },
      { key: 'test_log_loss', value: 0.34 },
    ]);
    expect(searchMetrics(search)).toEqual([
      { key: 'search_log_loss', value: 0.33, step: 0 },
      { key: 'search_log_loss', value: 0.32, step: 1 },
    ]);
  });

  it('reads the same split metrics back from the run, ignoring the search steps', () => {
    expect(metricsFromRun([...modelMetrics(metrics), ...searchMetrics(search)])).toEqual(metrics);
  });
});
