import type { ConfigSection } from '@tabular-ct/core';
import { loadConfig, type LoadedConfig } from '../config/load-config.ts';
import { createPool, type Pool } from '../db/pool.ts';
import { createFunctionMetrics, type FunctionMetrics } from '../metrics/function-metrics.ts';
import { jsonLog, type Log } from './error-reply.ts';
import { createRouter, type RequestListener, type RouteTable } from './router.ts';
import { serve, type RunningServer } from './serve.ts';

interface StartContext<S extends ConfigSection> {
  config: LoadedConfig<S | 'http'>;
  /** The registry /metrics serves: decision and predictor metrics join it. */
  metrics: FunctionMetrics;
  log: Log;
  /** A pool ended at shutdown, after onShutdown; sized by the database section when the function loads it. */
  pool(url: string): Pool;
}

type FunctionParts = ({ routes: RouteTable } | { listener: RequestListener }) & {
  /** Runs after the last in-flight request on shutdown: flush logs, stop background work. */
  onShutdown?: () => Promise<void>;
  /** Runs once the server listens (the predictor loads its model then, so /health answers meanwhile). */
  afterServe?: () => Promise<unknown>;
};

/**
 * The start-up of every deployable function (its main.ts): reads the sections it names and
 * http once (failing fast on a missing variable), builds it and serves its routes through the
 * router on PORT (Knative sets it) and HOST. On SIGTERM or SIGINT it stops accepting, lets
 * in-flight requests finish, runs onShutdown, ends its pools, then exits: a scale-down loses no answer.
 */
export async function startFunction<S extends ConfigSection>(name: string, sections: readonly S[], build: (context: StartContext<S>) => FunctionParts): Promise<RunningServer> {
  const config = loadConfig<S | 'http'>(process.env, [...sections, 'http']);
  const database = (config as Partial<LoadedConfig<'database'>>).database;
  const pools: Pool[] = [];
  const pool = (url: string): Pool => {
    pools.push(createPool(url, database && { max: database.poolSize, statementTimeoutMs: database.statementTimeoutMs }));
    return pools.at(-1)!;
  };
  const metrics = createFunctionMetrics(name);
  const parts = build({ config, metrics, log: jsonLog, pool });
  const listener = 'listener' in parts ? parts.listener : createRouter(name, parts.routes, metrics, { corsOrigins: config.http.corsOrigins });
  const running = await serve(listener, { port: config.http.port, host: config.http.host, name, log: jsonLog });
  const shutdown = async (signal: string): Promise<never> => {
    jsonLog({ level: 'info', fn: name, msg: `${signal}: draining` });
    try {
      await running.close();
      await parts.onShutdown?.();
      await Promise.all(pools.map((p) => p.end()));
    } catch (error) {
      jsonLog({ level: 'error', fn: name, msg: `shutdown failed: ${(error as Error).message}` });
      process.exit(1);
    }
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void shutdown(signal));
  await parts.afterServe?.();
  return running;
}
