import { describe, expect, it } from 'vitest';
import { encodeColumns, encodeFeature, modelFeatures } from './model-features.ts';
import { realtor } from './realtor.ts';

describe('modelFeatures', () => {
  const features = modelFeatures(realtor);

  it('takes the feature columns in order: numbers, categories, and dates as days', () => {
    expect(features.map((f) => `${f.name}:${f.encoding}`)).toEqual([
      'status:category', 'bed:number', 'bath:number', 'acre_lot:number', 'city:category', 'state:category', 'zip_code:category', 'house_size:number', 'prev_sold_date:days-since-epoch',
    ]);
  });

  it('encodes values as the ONNX graph reads them: NaN or empty string for missing', () => {
    const byName = Object.fromEntries(features.map((f) => [f.name, f]));
    expect(encodeFeature(byName.prev_sold_date!, '1970-01-11')).toBe(10);
    expect(encodeFeature(byName.prev_sold_date!, null)).toBeNaN();
    expect(encodeFeature(byName.zip_code!, '00601')).toBe('00601');
    expect(encodeFeature(byName.zip_code!, null)).toBe('');
    expect(encodeFeature(byName.bed!, 3)).toBe(3);
  });
});

describe('encodeColumns', () => {
  it('builds one typed column per feature from clean rows', () => {
    const features = modelFeatures(realtor).filter((f) => ['bed', 'state', 'prev_sold_date'].includes(f.name));
    const columns = encodeColumns(features, [{ bed: 3, state: 'Ohio', prev_sold_date: '1970-01-02' }, { bed: null, state: null }]);
    expect(columns.bed).toEqual(Float64Array.from([3, Number.NaN]));
    expect(columns.state).toEqual(['Ohio', '']);
    expect(columns.prev_sold_date).toEqual(Float64Array.from([1, Number.NaN]));
  });
});
