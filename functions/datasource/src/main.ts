/** Start-up of the datasource function (the course data API simulator): configuration once, then serve on PORT. */
import { startFunction } from '@tabular-ct/platform';
import path from 'node:path';
import { pgGroupStateStore } from './group-state-store.ts';
import { plans } from './plans/plans.ts';
import { datasourceRoutes } from './routes.ts';
import { courseScaleOf } from './scale/course-scale.ts';
import { lazyServedDataset } from './served-dataset.ts';

await startFunction('datasource', ['datasource'], ({ config, log, pool }) => {
  const { dataset, datasetsDir, databaseUrl, api, scale } = config.datasource;
  // DATASETS_DIR is relative to the working directory, like any path given on a command line.
  const file = path.resolve(datasetsDir, `${dataset}.csv.gz`);
  const courseScale = courseScaleOf(scale, dataset);
  log(
    courseScale
      ? { level: 'info', fn: 'datasource', msg: `serving ${dataset} in ${api.mode} mode at course scale: SYNTHETIC rows resampled from the file`, api, scale }
      : { level: 'info', fn: 'datasource', msg: `serving ${dataset} in ${api.mode} mode`, api },
  );
  const load = lazyServedDataset(dataset, file, plans[dataset], log, courseScale);
  return { routes: datasourceRoutes({ dataset, api, store: pgGroupStateStore(pool(databaseUrl)), load, log }) };
});
