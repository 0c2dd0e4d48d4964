import { cycleSummary, datasetNames } from '@tabular-ct/core';
import path from 'node:path';
import { repoRoot } from '../stack/paths.ts';
import { cycleSteps } from './cycle-steps.ts';

/** Where the DAG finds its contracts: inside dags/, which is what Airflow's git-sync ships. */
export const contractsDir = path.join(repoRoot, 'dags', 'contracts');

/** The command that writes them, named wherever they are found stale. */
export const REGENERATE = 'npm run contracts';

const generated = `Generated from functions/core by \`${REGENERATE}\`: do not edit.`;

// JSON Schema cannot say what a predicate checks (a URL that parses, a batch id of the
// request's dataset): the schema keeps the type under it, and the function checks the rest.
const schemaOf = (t: Pick<typeof cycleSummary, 'toJsonSchema'>, title: string): object => ({
  $comment: generated,
  title,
  ...t.toJsonSchema({ fallback: { predicate: (ctx) => ctx.base } }),
});

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** Every contract file by name: each step's request and response, the run's summary, the datasets. */
export function contractFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [step, { request, response }] of Object.entries(cycleSteps)) {
    files.set(`${step}.request.json`, json(schemaOf(request, `POST /${step}: request`)));
    files.set(`${step}.response.json`, json(schemaOf(response, `POST /${step}: answer`)));
  }
  files.set('summary.json', json(schemaOf(cycleSummary, "The DAG's summary task: return value")));
  files.set('datasets.json', json({ $comment: generated, datasets: datasetNames }));
  return files;
}
