import { AppError, datasetInputs, datasets, oipInferRequest, oipInferResponse as responseSchema, parseWith } from '@tabular-ct/core';
import { describe, expect, it } from 'vitest';
import { oipErrorBody, oipInferResponse, oipRecords, servedVersion } from './oip.ts';
import type { ServedModel } from './served-model.ts';

const inputs = datasetInputs(datasets.realtor);
const request = (tensors: unknown[]) => oipInferRequest.assert({ inputs: tensors });

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('oipRecords', () => {
  it('turns one tensor per feature into one record per row; [n, 1] shapes and nested data too', () => {
    const records = oipRecords(
      request([
        { name: 'status', shape: [2], datatype: 'BYTES', data: ['sold', 'for_sale'] },
        { name: 'bed', shape: [2, 1], datatype: 'INT64', data: [[3], [4]] },
        { name: 'zip_code', shape: [2], datatype: 'FP64', data: [601, 10001] },
      ]),
      inputs,
    );
    expect(records).toEqual([
      { status: 'sold', bed: 3, zip_code: 601 },
      { status: 'for_sale', bed: 4, zip_code: 10001 },
    ]);
  });

  it.each([
    ['an unknown tensor', [{ name: 'price', shape: [1], datatype: 'FP64', data: [1] }], /price is not an input/],
    ['a tensor sent twice', [{ name: 'bed', shape: [1], datatype: 'FP64', data: [1] }, { name: 'bed', shape: [1], datatype: 'FP64', data: [2] }], /bed is sent twice/],
    ['data that does not fill the shape', [{ name: 'bed', shape: [3], datatype: 'FP64', data: [1] }], /bed has 1 values for shape \[3\]/],
    ['a matrix', [{ name: 'bed', shape: [2, 2], datatype: 'FP64', data: [1, 2, 3, 4] }], /bed has shape \[2, 2\]/],
    ['tensors of different lengths', [{ name: 'bed', shape: [1], datatype: 'FP64', data: [1] }, { name: 'bath', shape: [2], datatype: 'FP64', data: [1, 2] }], /bath has 2 rows/],
    ['text for a number', [{ name: 'house_size', shape: [1], datatype: 'BYTES', data: ['1800'] }], /house_size is numeric/],
    ['a number for a date', [{ name: 'prev_sold_date', shape: [1], datatype: 'INT64', data: [20150601] }], /prev_sold_date is a date/],
  ])('refuses %s, naming the tensor', (_what, tensors, message) => {
    const error = refusal(() => oipRecords(request(tensors), inputs));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(message);
  });

  it('refuses a malformed request before the model sees it', () => {
    const fields = (body: unknown) => {
      const parsed = parseWith(oipInferRequest, body, 'inference request');
      return parsed.ok ? [] : (parsed.error.details as { problems: { field: string }[] }).problems.map((p) => p.field);
    };
    expect(fields({ inputs: [] })).toEqual(['inputs']);
    expect(fields({ inputs: [{ name: 'bed', shape: [-1], datatype: 'FP64', data: [1] }] })).toEqual(['inputs.0.shape.0']);
    expect(fields({ inputs: [{ name: 'bed', shape: [1], datatype: 'FLOAT', data: [1] }] })).toEqual(['inputs.0.datatype']);
  });
});

describe('oipInferResponse', () => {
  it('answers one FP64 tensor named as the graph names it, with model, version and the request id', () => {
    const result = { modelName: 'm', modelVersion: '2', outputName: 'prediction', requestId: 'r-1', predictions: [1.5, 2.5] };
    const answer = oipInferResponse(result, 'client-id');
    expect(responseSchema.assert(answer)).toEqual({
      model_name: 'm',
      model_version: '2',
      id: 'client-id',
      outputs: [{ name: 'prediction', shape: [2], datatype: 'FP64', data: [1.5, 2.5] }],
    });
    expect(oipInferResponse(result, undefined).id).toBe('r-1');
  });
});

describe('servedVersion', () => {
  const served = { name: 'm', version: '3' } as ServedModel;

  it('is the served model when no version or its own is asked for', () => {
    expect(servedVersion(served, undefined)).toBe(served);
    expect(servedVersion(served, '3')).toBe(served);
  });

  it('refuses another version with a 404 that names the one served', () => {
    const error = refusal(() => servedVersion(served, '2'));
    expect(error.status).toBe(404);
    expect(error.message).toBe('m version 2 is not served here; version 3 is');
  });
});

describe('oipErrorBody', () => {
  const body = { error: { code: 'invalid_request', message: 'invalid input: bed is not a number', details: { problems: [] } } } as const;

  it("renders the /v2 routes' errors as OIP's {error: message}", () => {
    expect(oipErrorBody('/v2/models/m/infer', body)).toEqual({ error: 'invalid input: bed is not a number' });
    expect(oipErrorBody('/v2', body)).toEqual({ error: 'invalid input: bed is not a number' });
  });

  it('leaves every other route in our format', () => {
    expect(oipErrorBody('/predict', body)).toBe(body);
    expect(oipErrorBody('/v2x', body)).toBe(body);
  });
});
