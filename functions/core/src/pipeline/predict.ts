import { type } from 'arktype';

// The predictor's answers: every one names the model and the version that produced it.

/** POST /predict: one prediction. */
export const predictResponse = type({
  model_name: 'string',
  model_version: 'string',
  request_id: 'string',
  prediction: 'number',
});
export type PredictResponse = typeof predictResponse.infer;

/** POST /predict/batch: one prediction per row, in the order of the rows. */
export const predictBatchResponse = type({
  model_name: 'string',
  model_version: 'string',
  request_id: 'string',
  predictions: 'number[]',
});
export type PredictBatchResponse = typeof predictBatchResponse.infer;

/** Tensor element types of the Open Inference Protocol v2. */
const oipDatatype = type.enumerated('BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64', 'FP16', 'FP32', 'FP64', 'BYTES');

/**
 * POST /v2/models/{name}/infer (Open Inference Protocol v2, as KServe speaks it): one 1-D
 * tensor per feature, named after it. Unknown top-level keys are ignored, as the protocol's
 * extensions may add some; unknown tensor names are refused by the predictor.
 */
export const oipInferRequest = type({
  'id?': 'string <= 256',
  'parameters?': 'object',
  inputs: type({
    name: 'string <= 256',
    shape: 'number.integer >= 0 []',
    datatype: oipDatatype,
    'parameters?': 'object',
    data: 'unknown[]',
  })
    .array()
    .atLeastLength(1),
  'outputs?': type({ name: 'string <= 256', 'parameters?': 'object' }).array(),
});
export type OipInferRequest = typeof oipInferRequest.infer;

export const oipInferResponse = type({
  model_name: 'string',
  model_version: 'string',
  'id?': 'string',
  outputs: type({ name: 'string', shape: 'number[]', datatype: oipDatatype, data: 'number[]' }).array(),
});
export type OipInferResponse = typeof oipInferResponse.infer;
