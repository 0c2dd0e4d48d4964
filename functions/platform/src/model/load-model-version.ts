import { AppError, BUNDLE_FILES, modelInputs, parseFeatureSpec, type DatasetSpec, type FeatureSpec, type MlflowModelVersion, type ModelInput } from '@tabular-ct/core';
import type { MlflowClient } from '../mlflow/client.ts';
import { createOnnxSession, preloadOnnxRuntime } from '../onnx/session.ts';

/** A registered model version, downloaded and ready to run. */
export interface LoadedModel {
  name: string;
  version: MlflowModelVersion;
  /** The bundle's feature_spec.json, checked against core's schema. */
  featureSpec: FeatureSpec;
  /** Where the bundle's files are, for readers of its other files (explain's tree table). */
  artifactUri: string;
  run(columns: Readonly<Record<string, Float64Array | readonly string[]>>): Promise<Float64Array>;
  release(): Promise<void>;
}

/**
 * Downloads a version's model.onnx and feature_spec.json through the MLflow server and
 * opens an onnxruntime session on it. Used wherever a registered model must run: promotion
 * (champion and challenger on the same rows), the predictor, explanations. `version` is
 * its number, or the version itself when the caller has it already. A bundle whose
 * manifest does not match core's schema, or whose graph does not load, is an upstream
 * error naming the file and the field: the caller keeps what it had.
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
  const [onnx, specText] = await Promise.all([client.artifacts.download(uri, BUNDLE_FILES.graph), client.artifacts.download(uri, BUNDLE_FILES.featureSpec)]);
  const featureSpec = parseFeatureSpec(specText.toString('utf8'));
  if (!featureSpec.ok) throw new AppError('upstream_error', `${name} version ${number}: ${featureSpec.error}`);
  let session: Awaited<ReturnType<typeof createOnnxSession>>;
  try {
    session = await createOnnxSession(onnx);
  } catch (error) {
    throw new AppError('upstream_error', `${name} version ${number}: ${BUNDLE_FILES.graph} does not load in onnxruntime (${(error as Error).message})`);
  }
  const label = `${name} version ${number}`;
  const disagreement = bundleDisagreement(featureSpec.value, session);
  if (disagreement) {
    await session.release().catch(() => undefined);
    throw new AppError('upstream_error', `${label}: ${disagreement}`);
  }
  return {
    name,
    version: info,
    featureSpec: featureSpec.value,
    artifactUri: uri,
    // Inputs are encoded from the manifest the graph agreed with: a refusal is the bundle's fault, not the caller's.
    run: (columns) => session.run(columns).catch((error: unknown) => {
      throw new AppError('upstream_error', `${label}: the graph refused its inputs (${(error as Error).message})`, undefined, { cause: error });
    }),
    release: () => session.release(),
  };
}

/** What the manifest says against what the graph has: the same inputs, and the output it names. */
function bundleDisagreement(spec: FeatureSpec, session: { inputNames: readonly string[]; outputNames: readonly string[] }): string | undefined {
  const listed = spec.features.map((f) => f.name);
  if (listed.length !== session.inputNames.length || listed.some((n) => !session.inputNames.includes(n))) {
    return `${BUNDLE_FILES.featureSpec} lists the inputs ${listed.join(', ')}, ${BUNDLE_FILES.graph} takes ${session.inputNames.join(', ')}`;
  }
  if (!session.outputNames.includes(spec.output.name)) return `${BUNDLE_FILES.featureSpec} names the output ${spec.output.name}, ${BUNDLE_FILES.graph} has ${session.outputNames.join(', ')}`;
  return undefined;
}

/**
 * The inputs of a loaded version on a dataset, in the graph's order: what predict, explain
 * and promote encode records with. A version trained on another dataset, or whose inputs the
 * dataset does not have, is an upstream error naming the field: it is refused, never run.
 */
export function loadedInputs(spec: DatasetSpec, model: Pick<LoadedModel, 'name' | 'version' | 'featureSpec'>): ModelInput[] {
  const label = `${model.name} version ${model.version.version}`;
  const { dataset } = model.featureSpec;
  if (dataset !== undefined && dataset !== spec.name) throw new AppError('upstream_error', `${label} was trained on ${dataset}, not ${spec.name}`);
  const inputs = modelInputs(spec, model.featureSpec.features);
  if (!inputs.ok) throw new AppError('upstream_error', `${label}: ${inputs.error}`);
  return inputs.value;
}
