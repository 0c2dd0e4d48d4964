import type { GbdtModel } from '../model.ts';
import { exportOnnx } from './export-onnx.ts';
import { featureSpecFile } from './feature-spec.ts';
import type { MlmodelInfo } from './mlmodel.ts';
import { mlmodelFile, pyfuncEnvironment } from './mlmodel.ts';

/** Files of an exported model directory, by name: bytes for model.onnx, text for the rest. */
export interface ModelArtifacts {
  readonly 'model.onnx': Uint8Array;
  readonly MLmodel: string;
  readonly 'feature_spec.json': string;
  readonly [file: string]: Uint8Array | string;
}

/**
 * Everything an MLflow model directory needs: the ONNX graph, the MLmodel file (onnx and
 * python_function flavors), the pyfunc environment files and the feature specification.
 * `extraSpec` (training-data digest, SHAP background, ...) is merged into the feature spec.
 */
export function exportModelArtifacts(model: GbdtModel, info: MlmodelInfo, extraSpec: Record<string, unknown> = {}): ModelArtifacts {
  return {
    'model.onnx': exportOnnx(model),
    MLmodel: mlmodelFile(model, info),
    'feature_spec.json': JSON.stringify({ ...featureSpecFile(model), ...extraSpec }, null, 2) + '\n',
    ...pyfuncEnvironment(info.versions),
  };
}
