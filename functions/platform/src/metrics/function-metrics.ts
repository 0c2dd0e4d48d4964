import { collectDefaultMetrics, Registry } from 'prom-client';
import { metricFactory } from './metric-factory.ts';

export interface FunctionMetrics {
  registry: Registry;
  observeRequest(route: string, status: number, seconds: number): void;
}

// Buckets in seconds: sub-millisecond predictions up to multi-minute training calls.
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/**
 * One Prometheus registry per function, with process metrics and the request metrics
 * every function exports (`http_request_duration_seconds`, `http_requests_total`), all
 * labelled with the function's name so one dashboard serves every function.
 */
export function createFunctionMetrics(functionName: string): FunctionMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ function: functionName });
  collectDefaultMetrics({ register: registry });
  const metric = metricFactory(registry);
  const duration = metric.histogram('http_request_duration_seconds', 'Time to answer one request, by route and status code.', ['route', 'status'], LATENCY_BUCKETS);
  const total = metric.counter('http_requests_total', 'Requests answered, by route and status code.', ['route', 'status']);
  return {
    registry,
    observeRequest(route, status, seconds) {
      const labels = { route, status: String(status) };
      duration.observe(labels, seconds);
      total.inc(labels);
    },
  };
}
