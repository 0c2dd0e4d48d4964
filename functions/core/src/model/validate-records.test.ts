import { describe, expect, it } from 'vitest';
import { datasets } from '../datasets/registry.ts';
import { datasetInputs } from './model-inputs.ts';
import { validateRecords } from './validate-records.ts';

const spec = datasets.realtor;
const inputs = datasetInputs(spec);
const good = { status: 'for_sale', bed: 3, bath: 2, acre_lot: 0.25, city: 'Austin', state: 'Texas', zip_code: 601, house_size: 1800, prev_sold_date: '2015-06-01' };
const check = (record: unknown, source: 'json' | 'text' = 'json', single = true) => validateRecords(inputs, spec.missing, [record], source, single);
const problems = (record: unknown, source: 'json' | 'text' = 'json') => {
  const outcome = check(record, source);
  return outcome.ok ? [] : outcome.problems;
};

describe('validateRecords', () => {
  it('normalizes a valid record as preprocessing does', () => {
    expect(check(good)).toEqual({ ok: true, value: [{ ...good, zip_code: '00601' }] });
  });

  it('passes missing optional features as missing, refuses missing required ones', () => {
    expect(check({ status: 'sold', state: 'Ohio' })).toMatchObject({ ok: true, value: [{ bed: null, city: null, prev_sold_date: null }] });
    expect(problems({ status: 'sold' })).toEqual([{ field: 'state', message: 'is required but missing' }]);
  });

  it.each([
    ['an unknown field', { ...good, price: 100 }, 'price', /not an input of the model/],
    ['an identifier column', { ...good, street: '12' }, 'street', /not an input/],
    ['a number sent as text', { ...good, bed: '3' }, 'bed', /expected a number, got a string/],
    ['a boolean', { ...good, bath: true }, 'bath', /expected a number, got a boolean/],
    ['a nested object', { ...good, city: { name: 'Austin' } }, 'city', /expected a text value, got an object/],
    ['an array', { ...good, state: ['Texas'] }, 'state', /expected a text value, got an array/],
    ['a value above the bound', { ...good, bed: 1000 }, 'bed', /above the plausible maximum 100/],
    ['a negative size', { ...good, house_size: -5 }, 'house_size', /below the plausible minimum/],
    ['a fraction of a count', { ...good, bed: 2.5 }, 'bed', /whole number/],
    ['a category not allowed', { ...good, status: 'pending' }, 'status', /not one of/],
    ['an impossible date', { ...good, prev_sold_date: '2023-02-30' }, 'prev_sold_date', /expected a date/],
    ['a huge string', { ...good, city: 'x'.repeat(10_000) }, 'city', /longer than 200/],
  ])('names the field of %s', (_what, record, field, message) => {
    const found = problems(record);
    expect(found.map((p) => p.field)).toEqual([field]);
    expect(found[0]!.message).toMatch(message);
  });

  it('cuts a hostile field name in the answer', () => {
    const [problem] = problems({ ...good, ['k'.repeat(10_000)]: 1 });
    expect(problem!.field.length).toBeLessThanOrEqual(103);
  });

  it('reads numbers from text cells (CSV), but not in JSON', () => {
    const text = { status: 'sold', state: 'Ohio', bed: '3', house_size: '1800.0', zip_code: '601.0', acre_lot: '' };
    expect(check(text, 'text')).toMatchObject({ ok: true, value: [{ bed: 3, house_size: 1800, zip_code: '00601', acre_lot: null }] });
    expect(problems(text).map((p) => p.field)).toEqual(['bed', 'house_size']);
    // The dataset's missing markers are missing in JSON too.
    expect(check({ status: 'sold', state: 'Ohio', bed: 'NaN', acre_lot: '' })).toMatchObject({ ok: true, value: [{ bed: null, acre_lot: null }] });
  });

  it('names rows of a batch by index, and refuses rows that are not objects', () => {
    const outcome = validateRecords(inputs, spec.missing, [good, { ...good, bed: -1 }, 'row', null], 'json', false);
    expect(outcome.ok ? [] : outcome.problems.map((p) => p.field)).toEqual(['[1].bed', '[2]', '[3]']);
    expect(problems([good])).toEqual([{ field: '(body)', message: 'expected an object of feature values, got an array' }]);
  });

  it('stops after 20 problems', () => {
    const outcome = validateRecords(inputs, spec.missing, Array.from({ length: 100 }, () => ({ bed: 'x' })), 'json', false);
    expect(outcome.ok ? 0 : outcome.problems.length).toBe(20);
  });

  it('accepts the fields it is told to ignore and names fields under the prefix it is given', () => {
    const context = { prefix: 'features.', ignored: new Set(['street', 'price']) };
    expect(validateRecords(inputs, spec.missing, [{ ...good, street: 12, price: 1 }], 'json', true, context)).toEqual({ ok: true, value: [{ ...good, zip_code: '00601' }] });
    const fields = (record: unknown) => {
      const outcome = validateRecords(inputs, spec.missing, [record], 'json', true, context);
      return outcome.ok ? [] : outcome.problems.map((p) => p.field);
    };
    expect(fields({ ...good, colour: 'red' })).toEqual(['features.colour']);
    expect(fields('row')).toEqual(['features']);
  });
});
