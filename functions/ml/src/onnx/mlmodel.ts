import type { DerivedFeature } from '@tabular-ct/core';
import type { GbdtModel } from '../gbdt/model.ts';
import { graphInputs } from './derived-onnx.ts';
import { PREDICTION_OUTPUT } from './export-onnx.ts';
import { INPUT_EXAMPLE_FILE, SERVING_INPUT_FILE, type InputExampleRow } from './input-example.ts';

/** Versions written into the MLmodel file: those of python/requirements.lock. */
export interface MlflowVersions {
  readonly mlflow: string;
  readonly onnx: string;
  readonly python: string;
}

const PINNED: MlflowVersions = { mlflow: '3.18.0', onnx: '1.23.2', python: '3.11.7' };

/** What the MLmodel file records about this model instance. */
export interface MlmodelInfo {
  /** ISO 8601 creation time (the caller owns the clock). */
  readonly createdAt: string;
  /** 32 hex digits identifying the model. */
  readonly modelUuid: string;
  /** The MLflow 3 logged model these files belong to (`m-...`), written as `model_id`. */
  readonly modelId?: string;
  /** One row of the graph's inputs, shipped as MLflow's input example and serving input example. */
  readonly inputExample?: InputExampleRow;
  readonly versions?: MlflowVersions;
}

/**
 * The MLflow signature of the exported graph: its 1-D float64 and string ("object") input
 * columns (derived features are computed inside, so not listed), the prediction out.
 */
function mlflowSignature(model: GbdtModel, derived: readonly DerivedFeature[]): { inputs: string; outputs: string } {
  const spec = (name: string, dtype: string) => ({ type: 'tensor', 'tensor-spec': { dtype, shape: [-1] }, name });
  return {
    inputs: JSON.stringify(graphInputs(model, derived).map((i) => spec(i.name, i.kind === 'numeric' ? 'float64' : 'object'))),
    outputs: JSON.stringify([spec(PREDICTION_OUTPUT, 'float64')]),
  };
}

/** Quotes a YAML scalar with single quotes (a quote inside is doubled). */
function yamlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/**
 * The MLmodel file: the onnx flavor (data model.onnx) and the python_function flavor with
 * loader_module mlflow.onnx, so `mlflow.pyfunc.load_model` serves the same graph. Keys are in
 * the order MLflow writes them (sorted), `model_id` and `saved_input_example_info` included
 * when the model has an id and an example (see input-example.ts for the example's files).
 */
export function mlmodelFile(model: GbdtModel, info: MlmodelInfo, derived: readonly DerivedFeature[] = []): string {
  const v = info.versions ?? PINNED;
  const sig = mlflowSignature(model, derived);
  return [
    'flavors:',
    '  onnx:',
    '    code: null',
    '    data: model.onnx',
    `    onnx_version: ${yamlString(v.onnx)}`,
    '    providers:',
    '    - CPUExecutionProvider',
    '  python_function:',
    '    data: model.onnx',
    '    env:',
    '      conda: conda.yaml',
    '      virtualenv: python_env.yaml',
    '    loader_module: mlflow.onnx',
    `    python_version: ${yamlString(v.python)}`,
    `mlflow_version: ${yamlString(v.mlflow)}`,
    ...(info.modelId === undefined ? [] : [`model_id: ${yamlString(info.modelId)}`]),
    `model_uuid: ${yamlString(info.modelUuid)}`,
    ...(info.inputExample === undefined
      ? []
      : ['saved_input_example_info:', `  artifact_path: ${INPUT_EXAMPLE_FILE}`, '  pandas_orient: split', `  serving_input_path: ${SERVING_INPUT_FILE}`, '  type: dataframe']),
    'signature:',
    `  inputs: ${yamlString(sig.inputs)}`,
    `  outputs: ${yamlString(sig.outputs)}`,
    '  params: null',
    `utc_time_created: ${yamlString(info.createdAt)}`,
    '',
  ].join('\n');
}

/** python_env.yaml, requirements.txt and conda.yaml for the pyfunc flavor. */
export function pyfuncEnvironment(versions: MlflowVersions = PINNED): Record<string, string> {
  const requirements = [`mlflow==${versions.mlflow}`, `onnx==${versions.onnx}`, 'onnxruntime', 'numpy', 'pandas'];
  return {
    'python_env.yaml': [`python: ${versions.python}`, 'build_dependencies:', '- pip', 'dependencies:', '- -r requirements.txt', ''].join('\n'),
    'requirements.txt': requirements.join('\n') + '\n',
    'conda.yaml': [
      'channels:',
      '- conda-forge',
      'dependencies:',
      `- python=${versions.python}`,
      '- pip',
      '- pip:',
      ...requirements.map((r) => `  - ${r}`),
      'name: mlflow-env',
      '',
    ].join('\n'),
  };
}
