import { AppError, type MlflowModelVersion } from '@tabular-ct/core';
import type { MlflowClient } from '../mlflow/client.ts';
import { createOnnxSession, preloadOnnxRuntime } from '../onnx/session.ts';

/** A registered model version, downloaded and ready to run. */
export interface LoadedModel {
  name: string;
  version: MlflowModelVersion;
  /** The feature_spec.json shipped with the model, parsed. */
  featureSpec: { features: ReadonlyArray<{ name: string; kind: string }> } & Record<string, unknown>;
  run(columns: Readonly<Record<string, Float64Array | readonly string[]>>): Promise<Float64Array>;
  release(): Promise<void>;
}

/**
 * Downloads a version's model.onnx and feature_spec.json through the MLflow server and
 * opens an onnxruntime session on it. Used wherever a registered model must run: promotion
 * (champion and challenger on the same rows), the predictor, explanations. `version` is
 * its number, or the version itself when the caller has it already.
 */
export async function loadModelVersion(client: MlflowClient, name: string, version: string | MlflowModelVersion): Promise<LoadedModel> {
  // Every step below waits on MLflow; the native runtime loads meanwhile instead of after.
  preloadOnnxRuntime();
  const number = typeof version === 'string' ? version : version.version;
  // A caller that already holds the version (resolved from an alias) saves a round trip to MLflow.
  const [info, uri] = await Promise.all([
    typeof version === 'string' ? client.registry.getModelVersion(name, version) : version,
    client.registry.getModelVersionDownloadUri(name, number),
  ]);
  const [onnx, specText] = await Promise.all([client.artifacts.download(uri, 'model.onnx'), client.artifacts.download(uri, 'feature_spec.json')]);
  let featureSpec: LoadedModel['featureSpec'];
  try {
    featureSpec = JSON.parse(specText.toString('utf8')) as LoadedModel['featureSpec'];
    if (!Array.isArray(featureSpec.features)) throw new Error('no features list');
  } catch (error) {
    throw new AppError('upstream_error', `${name} version ${number}: feature_spec.json is unreadable (${(error as Error).message})`);
  }
  let session: Awaited<ReturnType<typeof createOnnxSession>>;
  try {
    session = await createOnnxSession(onnx);
  } catch (error) {
    throw new AppError('upstream_error', `${name} version ${number}: model.onnx does not load in onnxruntime (${(error as Error).message})`);
  }
  return { name, version: info, featureSpec, run: (columns) => session.run(columns), release: () => session.release() };
}
