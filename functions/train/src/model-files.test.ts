import { datasets, derivedFeatures, derivedFromJson } from '@tabular-ct/core';
import { train } from '@tabular-ct/ml';
import { describe, expect, it } from 'vitest';
import { buildTrainingSets, comparableRows, type SplitRow } from './feature-table.ts';
import { backgroundRows, modelFiles } from './model-files.ts';

const rows: SplitRow[] = Array.from({ length: 300 }, (_, i) => ({
  split: i % 5 === 0 ? 'validation' : 'train',
  target: 100_000 + 1_000 * (i % 50),
  features: { status: 'for_sale', bed: i % 5, state: i % 2 ? 'Ohio' : 'Utah', prev_sold_date: `20${String(10 + (i % 10))}-01-01`, house_size: 1000 + i },
}));

describe('backgroundRows', () => {
  it('takes evenly spaced rows, all of them when there are few', () => {
    expect(backgroundRows(rows, 3)).toEqual([rows[0]!.features, rows[100]!.features, rows[200]!.features]);
    expect(backgroundRows(rows.slice(0, 2), 3)).toHaveLength(2);
  });
});

describe('modelFiles', () => {
  const sets = buildTrainingSets(datasets.realtor, rows);
  const { model } = train(sets.train, { objective: 'regression', targetTransform: 'log1p', numIterations: 5 });
  const data = { digest: 'ab'.repeat(32), location: 's3://b/snapshots/realtor/x.jsonl.gz', rows: { train: 240, validation: 60, test: 0 }, batchId: 'realtor-g1-b0-d1' };
  const files = modelFiles(datasets.realtor, model, [], data, backgroundRows(rows, 2), { bed: 2, status: 'for_sale', prev_sold_date: '2020-01-02' }, { createdAt: '2026-11-23T10:00:00.000Z', modelUuid: 'a'.repeat(32), modelId: `m-${'a'.repeat(32)}` });
  const spec = JSON.parse(files['feature_spec.json']) as Record<string, unknown> & { encodings: Array<{ name: string; encoding: string; rule: string }> };

  it('ships the graph, the MLmodel and the feature spec', () => {
    expect(files['model.onnx'].length).toBeGreaterThan(0);
    expect(files.MLmodel).toContain('data: model.onnx');
  });

  it('says how a raw date becomes the number the graph reads, and on what data the model was trained', () => {
    expect(spec.encodings.find((e) => e.name === 'prev_sold_date')).toMatchObject({ encoding: 'days-since-epoch', rule: expect.stringContaining('1970-01-01 UTC') });
    expect(spec.encodings.map((e) => e.name)).toEqual((spec.features as Array<{ name: string }>).map((f) => f.name));
    expect(spec.training_data).toEqual({ digest: data.digest, location: data.location, rows: data.rows, batch_id: data.batchId });
    expect(spec.target).toEqual(datasets.realtor.target);
    expect((spec.background as { rows: unknown[] }).rows).toEqual([rows[0]!.features, rows[150]!.features]);
    // Where the predictor's GET /model reads each feature's default.
    expect(spec.defaults).toEqual({ bed: 2, status: 'for_sale', prev_sold_date: '2020-01-02' });
  });

  it('names the logged model in the MLmodel and makes the defaults, as the graph reads them, its serving example', () => {
    expect(files.MLmodel).toContain(`model_id: 'm-${'a'.repeat(32)}'`);
    const { dataframe_split: split } = JSON.parse(files['serving_input_example.json'] as string) as { dataframe_split: { columns: string[]; data: unknown[][] } };
    expect(split.columns).toEqual((spec.features as Array<{ name: string }>).map((f) => f.name));
    const row = Object.fromEntries(split.columns.map((c, i) => [c, split.data[0]![i]]));
    // A date as days since the epoch, a feature without a default missing (null for NaN, '' for a category).
    expect(row).toMatchObject({ bed: 2, status: 'for_sale', prev_sold_date: Date.UTC(2020, 0, 2) / 86_400_000, house_size: null, state: '' });
    expect(JSON.parse(files['input_example.json'] as string)).toEqual(split);
  });

  it('with derived features, the graph takes the raw columns and the rules ship beside it', async () => {
    const zips = { latitude: new Map([['00601', 18.16]]), longitude: new Map([['00601', -66.72]]) };
    const placed = rows.map((r, i) => ({ ...r, features: { ...r.features, zip_code: i % 2 ? '00601' : '43004' } }));
    const derived = await derivedFeatures(datasets.realtor, { loadZips: async () => ({ ok: true, value: zips }), train: comparableRows(datasets.realtor, placed) });
    if (!derived.ok) throw new Error(derived.error);
    const withDerived = buildTrainingSets(datasets.realtor, placed, derived.value);
    const trained = train(withDerived.train, { objective: 'regression', targetTransform: 'log1p', numIterations: 5 });
    const out = modelFiles(datasets.realtor, trained.model, derived.value.features, data, [], {}, { createdAt: '2026-11-23T10:00:00.000Z', modelUuid: 'a'.repeat(32) });
    const featureSpec = JSON.parse(out['feature_spec.json']) as { features: Array<{ name: string }>; derived: Array<{ name: string; source: string }> };
    expect(featureSpec.features.map((f) => f.name)).not.toContain('zip_latitude');
    expect(featureSpec.derived.map((d) => [d.name, d.source]).slice(0, 2)).toEqual([['zip_latitude', 'zip_code'], ['zip_longitude', 'zip_code']]);
    expect(featureSpec.derived.every((d) => d.source === 'zip_code')).toBe(true);
    expect(out.MLmodel).not.toContain('zip_latitude');
    const back = derivedFromJson(JSON.parse(out['derived_features.json'] as string));
    expect(back.ok && back.value.map((f) => f.compute({ zip_code: '00601' })).slice(0, 2)).toEqual([18.16, -66.72]);
  });
});
