import { restartDataApi, runCycle, type CycleRow } from '../../scripts/demo/data-cycle.ts';
import { startFunctions } from '../../scripts/stack/functions.ts';
import { isolatedStackEnv } from '../../scripts/stack/isolated-env.ts';
import { stopService } from '../../scripts/stack/service.ts';
import { startStack } from '../../scripts/stack/stack.ts';
import { startUi } from '../../scripts/stack/ui.ts';

/** The browser test's own functions and UI: services `ui-test-*` on 83xx, the UI on 8320. */
const SET = { prefix: 'ui-test', portOffset: 200 } as const;
// Names the isolated databases (raw_ui_test, ...) and the MLflow models (ui_test-realtor).
const ENV_NAME = 'ui_test';
const DATASET = 'realtor';
const GROUP = 1;
// Locally a fixed token (scripts/stack/functions.ts gives the predictor the same default).
const RELOAD_TOKEN = process.env.STACK_RELOAD_TOKEN ?? 'local-reload-token';

const cycleFunctions = ['collect', 'preprocess', 'drift', 'train', 'promote'] as const;
const servingFunctions = ['predict', 'explain', 'history'] as const;

export interface UiStack {
  ui: string;
  urls: { predict: string; explain: string; history: string };
  rows: CycleRow[];
  close(): Promise<void>;
}

/** Waits until the predictor serves `version` of the production alias, asking it to reload. */
async function waitForVersion(predict: string, version: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    await fetch(`${predict}/reload`, { method: 'POST', headers: { authorization: `Bearer ${RELOAD_TOKEN}` } }).catch(() => undefined);
    const ready = await fetch(`${predict}/ready`).then((r) => (r.ok ? (r.json() as Promise<{ model_version?: string }>) : undefined), () => undefined);
    if (ready?.model_version === version) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the predictor did not load version ${version} within 2 minutes`);
}

/**
 * A realtor cycle in an isolated environment (its own databases, bucket and MLflow names),
 * run by direct HTTP calls, then the predictor, explain and history on its result and the
 * built UI pointed at them. Leftovers of an interrupted run are stopped first: they would be
 * reused with the environment they had.
 */
export async function startUiStack(): Promise<UiStack> {
  const stack = await startStack();
  for (const fn of [...cycleFunctions, ...servingFunctions, `datasource-${DATASET}`, 'ui']) await stopService(`${SET.prefix}-${fn}`);
  const env = await isolatedStackEnv(stack, ENV_NAME);
  const stops: Array<() => Promise<void>> = [];
  const start = async (names: ReadonlyArray<(typeof cycleFunctions)[number] | (typeof servingFunctions)[number]>) => {
    const set = await startFunctions(env, DATASET, names, SET);
    stops.push(set.stop);
    return (fn: string): string => set.functions.find((f) => f.name === `${SET.prefix}-${fn}`)?.url ?? '';
  };
  const close = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    const cycle = await start(cycleFunctions);
    const urls = { datasource: cycle(`datasource-${DATASET}`), collect: cycle('collect'), preprocess: cycle('preprocess'), drift: cycle('drift'), train: cycle('train'), promote: cycle('promote') };
    await restartDataApi(urls.datasource, GROUP);
    const rows = await runCycle(urls, DATASET, GROUP, () => undefined);
    // The predictor starts after the cycle, so it loads the final production version at once.
    const serving = await start(servingFunctions);
    const served = { predict: serving('predict'), explain: serving('explain'), history: serving('history') };
    const production = rows.filter((r) => r.promoted).at(-1)?.version;
    if (production === undefined) throw new Error('the cycle promoted no version: nothing to predict with');
    await waitForVersion(served.predict, production);
    const ui = await startUi({ ...served, dataset: DATASET }, SET);
    stops.push(ui.stop);
    return { ui: ui.url, urls: served, rows, close };
  } catch (error) {
    await close();
    throw error;
  }
}
