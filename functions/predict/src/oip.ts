import { AppError, printableText, type ErrorBody, type ModelInput, type OipInferRequest, type OipInferResponse } from '@tabular-ct/core';
import type { Predictions } from './predict-rows.ts';
import type { ServedModel } from './served-model.ts';

// Open Inference Protocol v2 (KServe's "V2" protocol; docs/architecture.md, "References")
// The tabular model takes one 1-D tensor per feature, named after it; missing tensors of
// optional features are missing values, as a missing field is in POST /predict.

const NUMERIC = new Set(['BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64', 'FP16', 'FP32', 'FP64']);

const invalid = (field: string, message: string): AppError => new AppError('invalid_request', `invalid input: ${field} ${message}`, { problems: [{ field, message }] });

/** The OIP tensors as one record per row, after checking names, shapes and datatypes against the model's inputs. */
export function oipRecords(request: OipInferRequest, inputs: readonly ModelInput[]): Record<string, unknown>[] {
  const byName = new Map(inputs.map((i) => [i.feature.name, i]));
  let rows: number | undefined;
  const columns: { name: string; data: unknown[] }[] = [];
  for (const tensor of request.inputs) {
    // The caller's name, cut and escaped before any message echoes it.
    const name = printableText(tensor.name);
    const input = byName.get(tensor.name);
    if (!input) throw invalid(name, `is not an input of the model (inputs: ${[...byName.keys()].join(', ')})`);
    if (columns.some((c) => c.name === tensor.name)) throw invalid(name, 'is sent twice');
    // [n] or [n, 1]: one value per row.
    if (tensor.shape.length === 0 || tensor.shape.length > 2 || (tensor.shape.length === 2 && tensor.shape[1] !== 1)) {
      throw invalid(name, `has shape [${tensor.shape.join(', ')}]; expected [rows] or [rows, 1]`);
    }
    const n = tensor.shape[0]!;
    const data = tensor.data.flat(2);
    if (data.length !== n) throw invalid(name, `has ${data.length} values for shape [${tensor.shape.join(', ')}]`);
    if (rows !== undefined && n !== rows) throw invalid(name, `has ${n} rows, other inputs have ${rows}`);
    rows = n;
    const numeric = NUMERIC.has(tensor.datatype);
    if (input.column.kind === 'numeric' && !numeric) throw invalid(name, `is numeric: send a numeric datatype, not ${tensor.datatype}`);
    if (input.column.kind === 'date' && tensor.datatype !== 'BYTES') throw invalid(name, `is a date YYYY-MM-DD: send BYTES, not ${tensor.datatype}`);
    columns.push({ name: tensor.name, data });
  }
  return Array.from({ length: rows ?? 0 }, (_, i) => Object.fromEntries(columns.map((c) => [c.name, c.data[i]])));
}

/** The infer answer: one FP64 output tensor, named as the graph names it. */
export function oipInferResponse(result: Predictions, id: string | undefined): OipInferResponse {
  return {
    model_name: result.modelName,
    model_version: result.modelVersion,
    id: id ?? result.requestId,
    outputs: [{ name: result.outputName, shape: [result.predictions.length], datatype: 'FP64', data: result.predictions }],
  };
}

/** GET /v2/models/{name}: the model's tensors as OIP describes them. */
export function oipModelMetadata(served: ServedModel) {
  return {
    name: served.name,
    versions: [served.version],
    platform: 'onnxruntime_onnx',
    inputs: served.inputs.map((i) => ({ name: i.feature.name, datatype: i.column.kind === 'numeric' ? 'FP64' : 'BYTES', shape: [-1] })),
    outputs: [{ name: served.outputName, datatype: 'FP64', shape: [-1] }],
  };
}

/** The served model when it is the version asked for (or none was): another version is not here. */
export function servedVersion(served: ServedModel, version: string | undefined): ServedModel {
  if (version !== undefined && version !== served.version) {
    throw new AppError('not_found', `${served.name} version ${printableText(version)} is not served here; version ${served.version} is`, {
      model_name: served.name,
      model_version: served.version,
    });
  }
  return served;
}

/** OIP's error answers are `{"error": "<message>"}` (the protocol's $inference_error_response); our other routes keep `{error: {code, message, details}}`. */
export function oipErrorBody(path: string, body: ErrorBody): unknown {
  return path === '/v2' || path.startsWith('/v2/') ? { error: body.error.message } : body;
}
