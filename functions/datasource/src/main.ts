/** Start-up of the datasource function (the course data API simulator): configuration once, then serve on PORT. */
import { createFunctionMetrics, createPool, createRouter, jsonLog, loadConfig, serve } from '@tabular-ct/platform';
import path from 'node:path';
import { pgGroupStateStore } from './group-state-store.ts';
import { plans } from './plans/plans.ts';
import { datasourceRoutes } from './routes.ts';
import { courseScaleOf } from './scale/course-scale.ts';
import { lazyServedDataset } from './served-dataset.ts';

const config = loadConfig(process.env, ['datasource', 'http']);
const { dataset, datasetsDir, databaseUrl, api, scale } = config.datasource;
const pool = createPool(databaseUrl);
// DATASETS_DIR is relative to the working directory, like any path given on a command line.
const file = path.resolve(datasetsDir, `${dataset}.csv.gz`);
const courseScale = courseScaleOf(scale, dataset);
jsonLog(
  courseScale
    ? { level: 'info', fn: 'datasource', msg: `serving ${dataset} in ${api.mode} mode at course scale: SYNTHETIC rows resampled from the file`, api, scale }
    : { level: 'info', fn: 'datasource', msg: `serving ${dataset} in ${api.mode} mode`, api },
);
const routes = datasourceRoutes({
  dataset,
  api,
  store: pgGroupStateStore(pool),
  load: lazyServedDataset(dataset, file, plans[dataset], jsonLog, courseScale),
  log: jsonLog,
});
await serve(createRouter('datasource', routes, createFunctionMetrics('datasource'), { corsOrigins: config.http.corsOrigins }), {
  port: config.http.port,
  host: config.http.host,
  name: 'datasource',
  log: jsonLog,
  onShutdown: () => pool.end(),
});
