import { describe, expect, it } from 'vitest';
import { metricFamily, promqlMetricNames } from './promql-metrics.ts';

describe('promqlMetricNames', () => {
  it('finds the metrics inside quantiles, rates, matchers and grouping', () => {
    expect(promqlMetricNames('histogram_quantile(0.95, sum by (le, model_version) (rate(predict_latency_seconds_bucket{outcome="ok"}[5m])))')).toEqual(['predict_latency_seconds_bucket']);
    expect(promqlMetricNames('sum by (model_version) (rate(model_load_seconds_sum[1h])) / sum by (model_version) (rate(model_load_seconds_count[1h]))')).toEqual([
      'model_load_seconds_count',
      'model_load_seconds_sum',
    ]);
    expect(promqlMetricNames('sum by (dataset, kind) (increase(pipeline_decisions_total[$__range]))')).toEqual(['pipeline_decisions_total']);
  });

  it('ignores label values, keywords and numbers, and keeps bare selectors', () => {
    expect(promqlMetricNames('rate(http_requests_total{status=~"4..|5..", route="by(x)"}[5m]) > 0 and on (function) up == 1')).toEqual(['http_requests_total', 'up']);
    expect(promqlMetricNames('inference_log_backlog')).toEqual(['inference_log_backlog']);
  });
});

describe('metricFamily', () => {
  it('maps histogram series to their family and refuses unknown names', () => {
    const families = new Set(['predict_latency_seconds', 'http_requests_total']);
    expect(metricFamily('predict_latency_seconds_bucket', families)).toBe('predict_latency_seconds');
    expect(metricFamily('http_requests_total', families)).toBe('http_requests_total');
    expect(metricFamily('predict_latency_seconds_total', families)).toBeUndefined();
  });
});
