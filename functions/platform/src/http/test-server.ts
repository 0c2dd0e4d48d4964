import { createFunctionMetrics, type FunctionMetrics } from '../metrics/function-metrics.ts';
import type { Log } from './error-reply.ts';
import { createRouter, type RequestListener, type RouteTable } from './router.ts';
import { serve, type RunningServer } from './serve.ts';

type Options = Omit<NonNullable<Parameters<typeof createRouter>[3]>, 'log'> & { name?: string; log?: Log; metrics?: FunctionMetrics };

/**
 * Serves routes (or a listener already routed) in process on a free loopback port, through the
 * router and server a deployed function uses (without its signal handling), logging nowhere
 * unless told: the role of functions-framework's getTestServer. `name` labels logs and
 * metrics; `metrics` is the registry /metrics serves.
 */
export function testServer(routes: RouteTable | RequestListener, options: Options = {}): Promise<RunningServer> {
  const { name = 'test', log = () => undefined, metrics = createFunctionMetrics(name), ...router } = options;
  const listener = typeof routes === 'function' ? routes : createRouter(name, routes, metrics, { ...router, log });
  return serve(listener, { port: 0, host: '127.0.0.1', name, log });
}
