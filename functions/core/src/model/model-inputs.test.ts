import { describe, expect, it } from 'vitest';
import { datasets } from '../datasets/registry.ts';
import { modelInputs } from './model-inputs.ts';

const spec = datasets.realtor;

describe('modelInputs', () => {
  it('refuses a model whose features the dataset does not have or types differently, naming the entry', () => {
    expect(modelInputs(spec, [{ name: 'colour', kind: 'numeric' }])).toEqual({ ok: false, error: 'feature_spec.json: features[0] is colour, which realtor does not have' });
    const typed = modelInputs(spec, [{ name: 'bed', kind: 'numeric' }, { name: 'bed', kind: 'categorical' }]);
    expect(typed.ok ? '' : typed.error).toMatch(/features\[1\] takes bed as categorical/);
  });

  it('matches each listed input to its column, in the listed order, with the dataset encoding', () => {
    const inputs = modelInputs(spec, [{ name: 'prev_sold_date', kind: 'numeric' }, { name: 'zip_code', kind: 'categorical' }]);
    expect(inputs.ok && inputs.value.map((i) => [i.feature.encoding, i.column.name])).toEqual([['days-since-epoch', 'prev_sold_date'], ['category', 'zip_code']]);
  });
});
