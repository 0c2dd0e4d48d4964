import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Metrics registered on one function's registry, declared in one line each. */
interface MetricFactory {
  histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: readonly number[]): Histogram<L>;
  counter<L extends string>(name: string, help: string, labelNames?: readonly L[]): Counter<L>;
  gauge<L extends string>(name: string, help: string, labelNames?: readonly L[]): Gauge<L>;
}

/** The metrics of createFunctionMetrics and createPredictorMetrics, all on `registry`. */
export function metricFactory(registry: Registry): MetricFactory {
  const registers = [registry];
  return {
    histogram: (name, help, labelNames, buckets) => new Histogram({ name, help, labelNames, buckets: [...buckets], registers }),
    counter: (name, help, labelNames = []) => new Counter({ name, help, labelNames, registers }),
    gauge: (name, help, labelNames = []) => new Gauge({ name, help, labelNames, registers }),
  };
}
