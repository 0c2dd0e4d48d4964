import { describe, expect, it } from 'vitest';
import { parseFeatureSpec } from './feature-spec.ts';

// A bundle's manifest as the ML library's export writes it (its own test checks that the
// export passes this schema), with the training facts the train function adds.
const manifest = {
  format: 'tabular-ct.feature-spec/1',
  objective: 'regression',
  targetTransform: 'log1p',
  output: { name: 'prediction', meaning: "prediction in the target's units" },
  features: [
    { name: 'bed', kind: 'numeric', dtype: 'float64', missing: 'NaN' },
    { name: 'zip_code', kind: 'categorical', dtype: 'string', missing: "''", categories: ['10001'] },
  ],
  derived: [{ name: 'zip_latitude', kind: 'numeric', source: 'zip_code', op: 'lookup' }],
  trees: 3,
  dataset: 'realtor',
  background: { rows: [{ bed: 3, zip_code: '10001', city: null }], weights: [1] },
  defaults: { bed: 3, zip_code: '10001' },
};
const parsed = (value: unknown) => parseFeatureSpec(JSON.stringify(value));

describe('parseFeatureSpec', () => {
  it('reads a manifest with and without the training facts', () => {
    expect(parsed(manifest)).toMatchObject({ ok: true, value: { dataset: 'realtor', defaults: { bed: 3 } } });
    const { dataset: _d, background: _b, defaults: _f, derived: _r, ...graphOnly } = manifest;
    expect(parsed(graphOnly)).toMatchObject({ ok: true });
  });

  it('names every bad field, so a reload or a promotion says what is wrong with the bundle', () => {
    const bad = { ...manifest, features: [manifest.features[0], { ...manifest.features[1], kind: 'text' }], background: { rows: [{ bed: {} }] } };
    expect(parsed(bad)).toEqual({
      ok: false,
      error: 'feature_spec.json: features[1].kind must be "categorical" or "numeric" (was "text"); background.rows[0].bed must be a number, a string or null (was an object)',
    });
    expect(parsed({ ...manifest, features: undefined })).toEqual({ ok: false, error: 'feature_spec.json: features must be an array (was missing)' });
    expect(parseFeatureSpec('{"format":')).toMatchObject({ ok: false, error: expect.stringMatching(/^feature_spec\.json is not JSON/) });
  });
});
