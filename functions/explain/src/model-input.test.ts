import { AppError, datasets, modelInputs } from '@tabular-ct/core';
import { describe, expect, it } from 'vitest';
import { modelDataset, onnxColumns } from './model-columns.ts';
import { cleanInput } from './model-input.ts';

const realtor = datasets.realtor;
const house = { status: 'for_sale', bed: 3, bath: '2', acre_lot: 0.25, city: 'Testville', state: 'Ohio', zip_code: 601.0, house_size: 1500, prev_sold_date: '2020-01-15' };

function problems(run: () => unknown): { field: string; message: string }[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_request');
    return ((error as AppError).details as { problems: { field: string; message: string }[] }).problems;
  }
  throw new Error('expected a failure');
}

describe('cleanInput', () => {
  it('normalizes raw values as CLEAN does: numbers from text, ZIP codes padded, dates ISO', () => {
    expect(cleanInput(realtor, house)).toEqual({ ...house, bath: 2, zip_code: '00601' });
  });

  it('treats absent and missing-marker optional features as missing, and ignores identifiers and the target', () => {
    const values = cleanInput(realtor, { status: 'sold', state: 'Ohio', bed: 'NaN', street: 123, price: 1 });
    expect(values).toEqual({ status: 'sold', state: 'Ohio', bed: null, bath: null, acre_lot: null, city: null, zip_code: null, house_size: null, prev_sold_date: null });
  });

  it('names every bad field with the reason', () => {
    const found = problems(() => cleanInput(realtor, { ...house, bed: 2.5, status: 'rented', colour: 'red', state: undefined }));
    expect(found).toEqual([
      { field: 'features.colour', message: expect.stringMatching(/^is not an input of the model \(inputs: status, bed, /) },
      { field: 'features.status', message: '"rented" is not one of for_sale, sold, ready_to_build' },
      { field: 'features.bed', message: 'expected a whole number, got 2.5' },
      { field: 'features.state', message: 'is required but missing' },
    ]);
  });

  it('refuses text PostgreSQL cannot store, and echoes an unknown name escaped', () => {
    const found = problems(() => cleanInput(realtor, { ...house, city: 'Test\u0000ville', state: '\ud800', 'col\u0000our': 1 }));
    expect(found).toEqual([
      { field: 'features.col\\u0000our', message: expect.stringMatching(/^is not an input of the model/) },
      { field: 'features.city', message: 'contains a NUL character, which cannot be stored' },
      { field: 'features.state', message: 'contains an unpaired UTF-16 surrogate, which cannot be stored' },
    ]);
  });
});

describe('model inputs', () => {
  it('follow the order of the model, with the dataset encoding', () => {
    const listed = [{ name: 'prev_sold_date', kind: 'numeric' as const }, { name: 'state', kind: 'categorical' as const }];
    const matched = modelInputs(realtor, listed);
    const inputs = matched.ok ? matched.value.map((i) => i.feature) : [];
    expect(inputs.map((f) => [f.name, f.encoding])).toEqual([['prev_sold_date', 'days-since-epoch'], ['state', 'category']]);
    const data = modelDataset(inputs, [cleanInput(realtor, house), cleanInput(realtor, { status: 'sold', state: 'Ohio' })]);
    expect(data.features).toEqual([{ name: 'prev_sold_date', kind: 'numeric' }, { name: 'state', kind: 'categorical' }]);
    expect(Array.from(data.columns[0] as Float64Array)).toEqual([Date.UTC(2020, 0, 15) / 86_400_000, NaN]);
    expect(onnxColumns(inputs, [data.columns[0]!, ['Ohio', null]])).toEqual({ prev_sold_date: data.columns[0], state: ['Ohio', ''] });
  });

});
