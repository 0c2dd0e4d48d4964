import { BUNDLE_FILES, derivedToJson, type DerivedFeature, type TrainingFacts } from '@tabular-ct/core';
import type { GbdtModel } from '../gbdt/model.ts';
import { exportOnnx } from './export-onnx.ts';
import { featureSpecFile } from './feature-spec.ts';
import { inputExampleFiles } from './input-example.ts';
import { mlmodelFile, pyfuncEnvironment, type MlmodelInfo } from './mlmodel.ts';

/** Files of an exported model directory, by name: bytes for model.onnx, text for the rest. */
export interface ModelArtifacts {
  readonly 'model.onnx': Uint8Array;
  readonly MLmodel: string;
  readonly 'feature_spec.json': string;
  readonly [file: string]: Uint8Array | string;
}

/**
 * Everything an MLflow model directory needs: the ONNX graph, the MLmodel file (onnx and
 * python_function flavors), the pyfunc environment files, the feature specification and, when
 * `info` has one, the input example with its serving request.
 * `extraSpec` (training-data digest, SHAP background, ...) is merged into the feature spec.
 * With derived features, their rules go to derived_features.json: explanations recompute them
 * from the raw columns exactly as the graph does, whatever table versions are installed later.
 */
export function exportModelArtifacts(model: GbdtModel, info: MlmodelInfo, extraSpec: TrainingFacts = {}, derived: readonly DerivedFeature[] = []): ModelArtifacts {
  return {
    'model.onnx': exportOnnx(model, derived),
    MLmodel: mlmodelFile(model, info, derived),
    'feature_spec.json': JSON.stringify({ ...featureSpecFile(model, derived), ...extraSpec }, null, 2) + '\n',
    // Read back with core's derivedFromJson.
    ...(derived.length > 0 ? { [BUNDLE_FILES.derived]: JSON.stringify(derivedToJson(derived), null, 2) + '\n' } : {}),
    ...pyfuncEnvironment(info.versions),
    ...(info.inputExample === undefined ? {} : inputExampleFiles(model, derived, info.inputExample)),
  };
}
