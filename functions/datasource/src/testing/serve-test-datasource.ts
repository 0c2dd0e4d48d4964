import type { DatasetName } from '@tabular-ct/core';
import { loadConfig, testServer, type Pool, type RunningServer } from '@tabular-ct/platform';
import path from 'node:path';
import { pgGroupStateStore } from '../group-state-store.ts';
import { plans } from '../plans/plans.ts';
import { datasourceRoutes } from '../routes.ts';
import { courseScaleOf } from '../scale/course-scale.ts';
import { lazyServedDataset, type ServedDataset } from '../served-dataset.ts';

const silent = (): void => undefined;

// loadConfig reads the datasource section whole; the pool is handed in, so its URL is a stand-in.
const UNUSED_URL = 'postgresql://127.0.0.1/handed-in-pool';

interface TestDatasourceOptions {
  dataset: DatasetName;
  pool: Pool;
  datasetsDir: string;
  /** Appended to the dataset's key in the state table: a test's groups never move a pipeline's. */
  cursorSuffix: string;
  /** DATASOURCE_* variables of the API's behaviour (mode, window, spelling, scale...); unset ones take their defaults. */
  env?: Record<string, string>;
  /** Called for every row written to an answer: lets a test see how far the stream has gone. */
  onRow?: () => void;
}

/** The simulator in process on a loopback port, as main.ts builds it, for tests of it and of the steps that read from it. */
export function serveTestDatasource(options: TestDatasourceOptions): Promise<RunningServer> {
  const { api, scale } = loadConfig({ DATASOURCE_DATABASE_URL: UNUSED_URL, ...options.env }, ['datasource']).datasource;
  const file = path.resolve(options.datasetsDir, `${options.dataset}.csv.gz`);
  const loadFile = lazyServedDataset(options.dataset, file, plans[options.dataset], silent, courseScaleOf(scale, options.dataset));
  const onRow = options.onRow;
  const load = onRow
    ? async (): Promise<ServedDataset> => {
        const served = await loadFile();
        return { ...served, writeRow: (row) => (onRow(), served.writeRow(row)) };
      }
    : loadFile;
  const routes = datasourceRoutes({ dataset: options.dataset, api, store: pgGroupStateStore(options.pool, options.cursorSuffix), load, log: silent });
  return testServer(routes, { name: 'datasource' });
}
