import { AppError, BUNDLE_FILES, derivedFromJson, LINEAGE_TAGS, tagRecord, type DatasetSpec, type DerivedFeature, type FeatureSpec, type ModelFeature } from '@tabular-ct/core';
import { modelFromJson, summarizeBackground, type Background, type Column, type GbdtModel, type MarginTransform } from '@tabular-ct/ml';
import { deliveriesUpTo, loadedInputs, loadModelVersion, readCleanRows, type MlflowClient, type Pool } from '@tabular-ct/platform';
import { modelDataset, onnxColumns } from './model-columns.ts';

/** The model as a tree table, written by the train function beside model.onnx when it can (ml's model-json.ts). */
const MODEL_TREE_FILE = BUNDLE_FILES.tree;

/** The rules of the features the graph derives from its inputs, tables included (core's derived-json.ts). */
const DERIVED_FILE = BUNDLE_FILES.derived;

/**
 * Rows of the KernelSHAP background when the version ships none: shap's documentation
 * suggests 50 to 100, and each costs one model row per coalition.
 */
const BACKGROUND_ROWS = 100;

/** A registered version, loaded once, with everything its explanations need. */
export interface Explainer {
  readonly name: string;
  readonly version: string;
  /** The CLEAN batch the version was trained on (version tag), when it has one. */
  readonly batchId: string | undefined;
  /** Model inputs in the order the model takes them: the raw columns, what explanations are reported on. */
  readonly inputs: readonly ModelFeature[];
  /** Features the graph computes from the inputs; the tree table reads them after the inputs. */
  readonly derived: readonly DerivedFeature[];
  /** The tree table when the version ships model_tree.json: TreeSHAP then explains the raw margin. */
  readonly tree: GbdtModel | undefined;
  /** Raw margin to the target's units: what TreeSHAP's answers name, and the output KernelSHAP explains on the tree table. */
  readonly transform: MarginTransform;
  /** The served ONNX graph on ML-core columns: predictions in the target's units. */
  predict(columns: readonly Column[]): Promise<Float64Array>;
  /** The KernelSHAP background, built on first use and kept. */
  background(): Promise<Background>;
  release(): Promise<void>;
}

interface ExplainerDeps {
  readonly mlflow: MlflowClient;
  readonly cleanPool: Pool;
}

function transformOf(objective: GbdtModel['objective'], targetTransform: GbdtModel['targetTransform']): MarginTransform {
  if (objective === 'binary') return 'sigmoid';
  return targetTransform === 'log1p' ? 'expm1' : 'identity';
}

/** The version's derived features as derived_features.json states them, in feature_spec.json's order. */
async function loadDerived(mlflow: MlflowClient, uri: string, files: readonly { path: string }[], model: string, spec: FeatureSpec): Promise<DerivedFeature[]> {
  const names = (spec.derived ?? []).map((d) => d.name);
  if (names.length === 0) return [];
  if (!files.some((f) => f.path === DERIVED_FILE)) throw new AppError('upstream_error', `${model} derives ${names.join(', ')} but ships no ${DERIVED_FILE}`);
  const text = (await mlflow.artifacts.download(uri, DERIVED_FILE)).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError('upstream_error', `${model}: ${DERIVED_FILE} is unreadable (${(error as Error).message})`);
  }
  const derived = derivedFromJson(json);
  if (!derived.ok) throw new AppError('upstream_error', `${model}: ${derived.error}`);
  if (derived.value.map((f) => f.name).join('\n') !== names.join('\n')) {
    throw new AppError('upstream_error', `${model}: ${DERIVED_FILE} lists other features than feature_spec.json's \`derived\``);
  }
  return derived.value;
}

/**
 * The tree table must read the graph's inputs, then its derived features, in that order and
 * with the same kinds, and each derived feature must read one of the inputs: anything else
 * was trained for another graph, and is refused rather than explained wrongly.
 */
export function checkTreeFeatures(model: string, tree: GbdtModel, inputs: readonly ModelFeature[], derived: readonly DerivedFeature[]): void {
  const expected = [...inputs, ...derived];
  const same = tree.features.length === expected.length && tree.features.every((f, j) => f.name === expected[j]!.name && f.kind === expected[j]!.kind);
  if (!same) throw new AppError('upstream_error', `${model}: ${MODEL_TREE_FILE} lists other features than feature_spec.json`);
  const stray = derived.find((d) => !inputs.some((f) => f.name === d.source && f.kind === 'categorical'));
  if (stray) throw new AppError('upstream_error', `${model}: ${DERIVED_FILE} derives ${stray.name} from ${stray.source}, which is no text input of the graph`);
}

/**
 * Loads a version for explanations: its ONNX graph and feature_spec.json (loadModelVersion),
 * model_tree.json when the version's artifacts have it, and with it derived_features.json
 * when the graph derives features. A tree table whose features are not the graph's inputs then its
 * derived features, in that order, is refused rather than explained against the wrong model.
 */
export async function loadExplainer(deps: ExplainerDeps, spec: DatasetSpec, name: string, version: string): Promise<Explainer> {
  const loaded = await loadModelVersion(deps.mlflow, name, version);
  try {
    const inputs = loadedInputs(spec, loaded).map((i) => i.feature);
    const uri = loaded.artifactUri;
    const files = await deps.mlflow.artifacts.list(uri);
    let tree: GbdtModel | undefined;
    // Only the tree table reads derived features: without it, KernelSHAP runs on the graph, which computes them.
    let derived: DerivedFeature[] = [];
    if (files.some((f) => f.path === MODEL_TREE_FILE && !f.is_dir)) {
      const text = (await deps.mlflow.artifacts.download(uri, MODEL_TREE_FILE)).toString('utf8');
      try {
        tree = modelFromJson(text);
      } catch (error) {
        throw new AppError('upstream_error', `${name} version ${version}: ${MODEL_TREE_FILE} is unreadable (${(error as Error).message})`);
      }
      derived = await loadDerived(deps.mlflow, uri, files, `${name} version ${version}`, loaded.featureSpec);
      checkTreeFeatures(`${name} version ${version}`, tree, inputs, derived);
    }
    const batchId = tagRecord(loaded.version.tags)[LINEAGE_TAGS.batchId] || undefined;
    const transform = tree ? transformOf(tree.objective, tree.targetTransform) : transformOf(loaded.featureSpec.objective, loaded.featureSpec.targetTransform);

    let background: Promise<Background> | undefined;
    const buildBackground = async (): Promise<Background> => {
      const shipped = loaded.featureSpec.background;
      if (shipped && shipped.rows.length > 0) {
        const weights = shipped.weights?.length === shipped.rows.length ? { weights: Float64Array.from(shipped.weights) } : {};
        // Merging identical rows into weights costs nothing and saves model rows per coalition.
        return summarizeBackground(modelDataset(inputs, shipped.rows).columns, { size: shipped.rows.length, ...weights });
      }
      if (!batchId) throw new AppError('conflict', `${name} version ${version} ships no SHAP background and has no batch_id tag to sample one from`);
      const rows = await readCleanRows(deps.cleanPool, await deliveriesUpTo(deps.cleanPool, spec.name, batchId), ['train']);
      if (rows.length === 0) throw new AppError('conflict', `${name} version ${version}: CLEAN has no train rows up to ${batchId} to sample a SHAP background from`);
      return summarizeBackground(modelDataset(inputs, rows.map((r) => r.features)).columns, { size: BACKGROUND_ROWS, seed: 0 });
    };

    return {
      name,
      version,
      batchId,
      inputs,
      derived,
      tree,
      transform,
      predict: (columns) => loaded.run(onnxColumns(inputs, columns)),
      background() {
        background ??= buildBackground();
        // A failed build (CLEAN unreachable, say) is not kept: the next request tries again.
        background.catch(() => (background = undefined));
        return background;
      },
      release: () => loaded.release(),
    };
  } catch (error) {
    await loaded.release();
    throw error;
  }
}
