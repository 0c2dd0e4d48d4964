import type { DatasetSpec, MlflowModelVersion } from '@tabular-ct/core';
import { loadedInputs, loadModelVersion, type Log, type MlflowClient } from '@tabular-ct/platform';
import { modelMetadata } from './model-metadata.ts';
import type { ServedModel } from './served-model.ts';

/** The latest value of each metric of a run; null when the run cannot be read (metrics are shown, not needed). */
async function runMetrics(mlflow: MlflowClient, runId: string | undefined, log: Log): Promise<Record<string, number> | null> {
  if (!runId) return null;
  try {
    const run = await mlflow.runs.get(runId);
    return Object.fromEntries((run.data.metrics ?? []).map((m) => [m.key, m.value]));
  } catch (error) {
    log({ level: 'warn', msg: `metrics of run ${runId} unavailable: ${(error as Error).message}` });
    return null;
  }
}

/**
 * Downloads a version, opens its session and checks that it fits the dataset this predictor
 * serves. Anything wrong releases the session and throws: the caller keeps the old version.
 * Given the version itself (as the alias resolved it), its run's metrics are read during the download.
 */
export async function loadServedModel(
  mlflow: MlflowClient,
  spec: DatasetSpec,
  target: { name: string; alias: string },
  version: string | MlflowModelVersion,
  log: Log,
): Promise<ServedModel> {
  const earlyMetrics = typeof version === 'string' ? undefined : runMetrics(mlflow, version.run_id, log);
  const model = await loadModelVersion(mlflow, target.name, version);
  try {
    const inputs = loadedInputs(spec, model);
    const metrics = await (earlyMetrics ?? runMetrics(mlflow, model.version.run_id, log));
    return {
      name: target.name,
      version: model.version.version,
      model,
      inputs,
      outputName: model.featureSpec.output.name,
      metadata: modelMetadata(spec, model, inputs, { alias: target.alias, metrics }),
    };
  } catch (error) {
    await model.release().catch(() => undefined);
    throw error;
  }
}
