import { compareResponse, explainResponse, parseWith, type ModelFeature } from '@tabular-ct/core';
import { describe, expect, it } from 'vitest';
import { assembleExplanation } from './explanation.ts';
import { compareAnswer } from './importance-answer.ts';
import { evenlySpaced, unionOfBatches } from './row-sample.ts';

const inputs: ModelFeature[] = [
  { name: 'bed', kind: 'numeric', encoding: 'number' },
  { name: 'state', kind: 'categorical', encoding: 'category' },
];
const model = { name: 'tabular-ct-realtor', version: '4', inputs };

describe('assembleExplanation', () => {
  it('answers TreeSHAP in raw margin units with the transform to the target', () => {
    const answer = assembleExplanation(model, { bed: 3, state: null }, { method: 'tree', phi: Float64Array.of(0.5, -0.25), base: 12, margin: 12.25, transform: 'expm1' }, 208_981);
    expect(parseWith(explainResponse, answer, 'answer').ok).toBe(true);
    expect(answer).toEqual({
      model_name: 'tabular-ct-realtor',
      version: '4',
      method: 'tree',
      output: 'raw margin',
      output_transform: 'expm1',
      base_value: 12,
      prediction: 12.25,
      target_prediction: 208_981,
      values: [
        { feature: 'bed', value: 3, shap: 0.5 },
        { feature: 'state', value: null, shap: -0.25 },
      ],
    });
  });

  it('answers KernelSHAP in the prediction units, with its standard errors', () => {
    const shap = { method: 'kernel' as const, phi: Float64Array.of(100, -40), base: 1000, prediction: 1060, standardErrors: Float64Array.of(0, 0), samples: 2, exact: true };
    const answer = assembleExplanation(model, { bed: 3, state: 'Ohio' }, shap, 1060);
    expect(parseWith(explainResponse, answer, 'answer').ok).toBe(true);
    expect(answer).toMatchObject({ method: 'kernel', output: 'prediction', output_transform: 'identity', prediction: 1060, standard_errors: [0, 0], exact: true, samples: 2 });
    expect(answer.base_value + answer.values.reduce((s, v) => s + v.shap, 0)).toBe(answer.prediction);
  });
});

describe('compareAnswer', () => {
  it('names the features that gained and lost importance, largest change first', () => {
    const before = [{ feature: 'bed', importance: 0.5 }, { feature: 'state', importance: 0.3 }, { feature: 'city', importance: 0.1 }];
    const after = [{ feature: 'state', importance: 0.6 }, { feature: 'bed', importance: 0.2 }, { feature: 'city', importance: 0.1 }];
    const answer = compareAnswer(before, after);
    expect(answer.gained).toEqual(['state']);
    expect(answer.lost).toEqual(['bed']);
    expect(answer.changes[0]).toMatchObject({ feature: 'bed', rank_before: 1, rank_after: 2, rank_change: -1 });
    const full = { model_name: 'm', a: { version: '1', importance: before }, b: { version: '2', importance: after }, method: 'tree', output: 'raw margin', rows: 3, batches: [], ...answer };
    expect(parseWith(compareResponse, full, 'answer').ok).toBe(true);
  });
});

describe('row sampling', () => {
  it('takes evenly spaced rows, all of them when there are few', () => {
    expect(evenlySpaced([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4)).toEqual([0, 2, 5, 7]);
    expect(evenlySpaced([1, 2], 4)).toEqual([1, 2]);
    expect(unionOfBatches([['b0', 'b1'], ['b0', 'b1', 'b2']])).toEqual(['b0', 'b1', 'b2']);
  });
});
