import type { DatasetName } from '@tabular-ct/core';
import { createFunctionMetrics, createRouter, serve, type Pool, type RunningServer } from '@tabular-ct/platform';
import path from 'node:path';
import { pgCursorStore } from '../cursor-store.ts';
import { plans } from '../plans/plans.ts';
import { datasourceRoutes } from '../routes.ts';
import { lazyServedDataset } from '../served-dataset.ts';

const silent = (): void => undefined;

/**
 * The simulator in process on a loopback port, as main.ts builds it, for tests of the
 * steps that read from it. Its cursors live under `<dataset><cursorSuffix>`, so a test's
 * sequence never moves the one a pipeline on the same database is reading.
 */
export function serveTestDatasource(options: { dataset: DatasetName; pool: Pool; datasetsDir: string; cursorSuffix: string }): Promise<RunningServer> {
  const store = pgCursorStore(options.pool);
  const routes = datasourceRoutes({
    dataset: options.dataset,
    cursors: {
      claim: (d, group, count) => store.claim(d + options.cursorSuffix, group, count),
      restart: (d, group) => store.restart(d + options.cursorSuffix, group),
    },
    load: lazyServedDataset(options.dataset, path.resolve(options.datasetsDir, `${options.dataset}.csv.gz`), plans[options.dataset], silent),
    log: silent,
  });
  return serve(createRouter('datasource', routes, createFunctionMetrics('datasource'), { log: silent }), {
    port: 0,
    host: '127.0.0.1',
    name: 'datasource',
    log: silent,
    handleSignals: false,
  });
}
