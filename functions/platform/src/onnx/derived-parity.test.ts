import { datasets, derivedFeatures, encodeDerived, ok, type DerivedFeature } from '@tabular-ct/core';
import type { Dataset, GbdtModel, ModelFeature } from '@tabular-ct/ml';
import { exportOnnx, predict, train } from '@tabular-ct/ml';
import { describe, expect, it } from 'vitest';
import { allTexts } from '../../../ml/src/testing/all-texts.ts';
import { createOnnxSession } from './session.ts';

// Derived features computed inside the exported graph must equal their TypeScript rules on
// every text, whatever onnxruntime's regular expressions and lookups make of it: each rule is
// read out exactly through a one-tree model, then whole models trained on derived features
// predict in onnxruntime what TypeScript predicts.

const zips = {
  latitude: new Map([['00601', 18.180555], ['10001', 40.750742], ['94105', 37.789875], ['60601', 41.886262], ['02134', 42.358431]]),
  longitude: new Map([['00601', -66.749961], ['10001', -73.996705], ['94105', -122.395325], ['60601', -87.618689], ['02134', -71.132745]]),
};

// Training listings, so that the comparables have tables to compile: one per ZIP code, log prices 11, 12, ...
const listings = [...zips.latitude.keys()].map((zip, i) => ({ features: { zip_code: zip, street: String(i) }, target: 11 + i }));

async function resolved(name: 'diabetes' | 'realtor'): Promise<DerivedFeature[]> {
  const out = await derivedFeatures(datasets[name], { loadZips: async () => ok(zips), train: listings });
  if (!out.ok) throw new Error(out.error);
  return out.value.features;
}

/**
 * ICD-9-like texts: every code of one to four digits with and without decimals, the edges, and
 * short texts of the awkward characters. No NUL: onnxruntime-node cuts a string tensor's
 * element at its first NUL ('25\u00000' arrives as '25'), and clean values never hold one
 * (preprocess rejects such rows).
 */
function icdTexts(): string[] {
  const digits = allTexts([...'0123456789'], 4).filter((t) => t !== '');
  return [
    ...digits,
    ...digits.filter((_, i) => i % 7 === 0).flatMap((t) => [`${t}.`, `${t}.5`, `${t}.83`, `${t}.x`, `${t}.5.1`, ` ${t}`, `${t} `, `${t}\n`, `-${t}`, `+${t}`]),
    ...['V57', 'V57.1', 'E909', 'E8', 'V', 'E', 'v57', 'e909', 'VV57', 'V.5', 'V 57', 'V5\n', 'V5\nx', 'V\n5', 'E9😀', 'V٥', 'V５'],
    ...['', '.5', '.', 'abc', '1e2', '١٢٣', '２５０', '250\u00a0', '😀', 'Ṿ57', 'é', '250.٥', '\t250', 'other', 'diabetes', 'V5\ud800', '\udc00250'],
    ...allTexts(['0', '5', '9', '.', 'V', 'E', 'v', '\n', ' ', 'é'], 4).filter((_, i) => i % 3 === 0),
  ];
}

function ageTexts(derived: DerivedFeature): string[] {
  const keys = derived.rule.op === 'lookup' ? [...derived.rule.table.keys()] : [];
  return [...keys, ...keys.flatMap((k) => [` ${k}`, `${k} `, `${k}\n`, k.toUpperCase().replace('[', '(')]), '', '[100-110)', '[0-10', 'abc', '😀', '0', '10'];
}

function zipTexts(): string[] {
  const keys = [...zips.latitude.keys()];
  return [...keys, ...keys.map((k) => k.slice(1)), ...keys.map((k) => `${k}0`), ...keys.map((k) => `${k}\n`), '', '99999', '601', 'abcde', '０６０１', '😀'];
}

/**
 * A model of one feature whose single tree returns the feature's value itself: a chain of
 * thresholds at each possible value, and MARKER for NaN. What onnxruntime returns is then
 * the value the graph computed, rounded once to float (the tree ensemble's output type).
 */
const MARKER = -12345;
function readoutModel(feature: ModelFeature, values: readonly number[]): GbdtModel {
  const v = [...new Set(values)].sort((a, b) => a - b);
  const m = v.length;
  // Node 0 sends NaN right to the marker; node i (1..m-1) keeps v[i-1] and passes the rest on.
  const left = Int32Array.from({ length: m }, (_, i) => (i === 0 ? (m > 1 ? 1 : ~0) : ~(i - 1)));
  const right = Int32Array.from({ length: m }, (_, i) => (i === 0 ? ~m : i < m - 1 ? i + 1 : ~(m - 1)));
  const threshold = Float64Array.from({ length: m }, (_, i) => (i === 0 ? v[m - 1]! : v[i - 1]!));
  return {
    features: [feature],
    objective: 'regression',
    targetTransform: 'none',
    initScore: 0,
    trees: {
      roots: Int32Array.of(0),
      feature: new Int32Array(m),
      threshold,
      missingLeft: new Uint8Array(m),
      catWord: new Int32Array(m).fill(-1),
      catBits: new Uint32Array(0),
      left,
      right,
      leafValue: Float64Array.from([...v, MARKER]),
      nodeCount: new Float64Array(m).fill(1),
      leafCount: new Float64Array(m + 1).fill(1),
    },
  };
}

/** The value the model sees for a text: the number, or the category's code; NaN when missing. */
function expectedValue(d: DerivedFeature, feature: ModelFeature, text: string): number {
  const value = d.compute({ [d.source]: text === '' ? null : text });
  if (d.kind === 'numeric') return value as number;
  const code = value === null ? -1 : feature.categories!.indexOf(value as string);
  return code < 0 ? Number.NaN : code;
}

async function readOut(d: DerivedFeature, feature: ModelFeature, texts: readonly string[]): Promise<void> {
  const values = d.rule.op === 'lookup' ? [...d.rule.table.values()] : feature.categories!.map((_, i) => i);
  // An empty table gives NaN for every text: a one-node tree (0, or the marker) reads that out.
  const model = readoutModel(feature, values.length === 0 ? [0] : values);
  const session = await createOnnxSession(exportOnnx(model, [d]));
  try {
    expect(session.inputNames).toEqual([d.source]);
    const got = await session.run({ [d.source]: texts });
    const want = texts.map((t) => expectedValue(d, feature, t));
    const bad = texts.map((t, i) => ({ text: JSON.stringify(t), got: got[i], want: Number.isNaN(want[i]!) ? MARKER : Math.fround(want[i]!) })).filter((r) => r.got !== r.want);
    expect(bad.slice(0, 10)).toEqual([]);
    // The TypeScript predictor reads the same values out of the same tree.
    const column = d.kind === 'numeric' ? Float64Array.from(want) : want.map((c) => (Number.isNaN(c) ? null : feature.categories![c]!));
    const ts = predict(model, { features: [feature], columns: [column] });
    expect(ts.filter((x, i) => Math.fround(x) !== got[i]).length).toBe(0);
  } finally {
    await session.release();
  }
}

describe('derived features computed inside the ONNX graph equal their TypeScript rules', () => {
  it('diabetes: the three ICD-9 chapters, on every short code and the edge cases', async () => {
    const derived = await resolved('diabetes');
    const texts = icdTexts();
    for (const d of derived.filter((x) => x.rule.op === 'ranges')) {
      const names = d.rule.op === 'ranges' ? [...d.rule.groups.map((g) => g.name), d.rule.otherwise] : [];
      // All groups in a shuffled order; then with a group and `otherwise` absent (NaN, as an unseen category).
      await readOut(d, { name: d.name, kind: 'categorical', categories: [...names].reverse() }, texts);
      await readOut(d, { name: d.name, kind: 'categorical', categories: names.filter((n) => n !== 'injury' && n !== 'other') }, texts);
    }
  });

  it('diabetes: the age bracket in years', async () => {
    const d = (await resolved('diabetes')).find((x) => x.name === 'age_years')!;
    await readOut(d, { name: d.name, kind: 'numeric' }, ageTexts(d));
  });

  it('realtor: location and comparables of the ZIP code, fitted or (no training listing) empty', async () => {
    for (const d of await resolved('realtor')) await readOut(d, { name: d.name, kind: 'numeric' }, zipTexts());
    const unfitted = await derivedFeatures(datasets.realtor, { loadZips: async () => ok(zips) });
    if (!unfitted.ok) throw new Error(unfitted.error);
    const empty = unfitted.value.features.filter((d) => d.rule.op === 'lookup' && d.rule.table.size === 0);
    expect(empty.length).toBe(3);
    for (const d of empty) await readOut(d, { name: d.name, kind: 'numeric' }, zipTexts());
  });

  it('batches of no row and of missing codes only', async () => {
    const d = (await resolved('diabetes'))[0]!;
    const feature: ModelFeature = { name: d.name, kind: 'categorical', categories: ['other', 'diabetes'] };
    await readOut(d, feature, []);
    await readOut(d, feature, ['']);
    await readOut(d, feature, ['', '', 'abc']);
  });
});

// Deterministic pseudo-random numbers for the synthetic rows.
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

type Row = Record<string, string | null>;

/** Rows of raw text columns, their derived columns computed by TypeScript, as a Dataset over `features`. */
function dataset(features: readonly ModelFeature[], rows: readonly Row[], numeric: Record<string, Float64Array>, derived: readonly DerivedFeature[]): Dataset {
  const computed = encodeDerived(derived, rows);
  return {
    features,
    columns: features.map((f) => {
      const k = derived.findIndex((d) => d.name === f.name);
      if (k >= 0) return f.kind === 'numeric' ? computed[k]! : (computed[k] as string[]).map((v) => (v === '' ? null : v));
      return numeric[f.name] ?? rows.map((r) => r[f.name] ?? null);
    }),
  };
}

async function wholeModel(model: GbdtModel, derived: readonly DerivedFeature[], test: Dataset, raw: Record<string, string[] | Float64Array>): Promise<number> {
  const session = await createOnnxSession(exportOnnx(model, derived));
  try {
    // No input for a derived feature: the graph takes the raw columns.
    for (const d of derived) expect(session.inputNames).not.toContain(d.name);
    const got = await session.run(raw);
    const want = predict(model, test);
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / Math.max(Math.abs(want[i]!), 1e-12));
    return worst;
  } finally {
    await session.release();
  }
}

describe('models trained on derived features predict in onnxruntime what TypeScript predicts', () => {
  it('diabetes-like: chapters and age from raw codes, the raw codes not model features', async () => {
    const derived = await resolved('diabetes');
    const texts = icdTexts();
    const ages = ageTexts(derived.find((d) => d.name === 'age_years')!);
    const make = (n: number, seed: number) => {
      const rnd = lcg(seed);
      const pick = (xs: readonly string[]) => xs[Math.floor(rnd() * xs.length)]!;
      const rows: Row[] = Array.from({ length: n }, () => ({ diag_1: pick(texts), diag_2: pick(texts), diag_3: pick(texts), age: rnd() < 0.9 ? `[${10 * Math.floor(rnd() * 10)}-${10 * Math.floor(rnd() * 10) + 10})` : pick(ages) }));
      const visits = Float64Array.from({ length: n }, () => (rnd() < 0.1 ? NaN : Math.floor(rnd() * 10)));
      return { rows, visits };
    };
    const features: ModelFeature[] = [{ name: 'visits', kind: 'numeric' }, ...derived.map((d): ModelFeature => ({ name: d.name, kind: d.kind }))];
    const trainRows = make(4000, 1);
    const trainSet = dataset(features, trainRows.rows, { visits: trainRows.visits }, derived);
    const label = Float64Array.from(trainRows.rows, (r, i) => {
      const chapter = derived[0]!.compute(r);
      return (chapter === 'circulatory' ? 0.6 : chapter === null ? 0.1 : 0.3) + (derived[3]!.compute(r) as number) / 300 + (trainRows.visits[i]! || 0) / 50 > 0.5 ? 1 : 0;
    });
    const { model } = train({ data: trainSet, label }, { objective: 'binary', categoricalSplit: 'set', numIterations: 40, numLeaves: 16 });
    const used = new Set(model.trees.feature);
    expect(used.has(1) && used.has(4)).toBe(true);
    const testRows = make(3000, 2);
    const test = dataset(model.features, testRows.rows, { visits: testRows.visits }, derived);
    const raw = { visits: testRows.visits, ...Object.fromEntries(['diag_1', 'diag_2', 'diag_3', 'age'].map((c) => [c, testRows.rows.map((r) => r[c] ?? '')])) };
    expect(await wholeModel(model, derived, test, raw)).toBeLessThanOrEqual(1e-5);
  });

  it('realtor-like: latitude and longitude from the ZIP code, which is a model feature too', async () => {
    const derived = await resolved('realtor');
    const codes = zipTexts();
    const make = (n: number, seed: number) => {
      const rnd = lcg(seed);
      const rows: Row[] = Array.from({ length: n }, () => ({ zip_code: rnd() < 0.05 ? null : codes[Math.floor(rnd() * codes.length)]! }));
      const area = Float64Array.from({ length: n }, () => 50 + rnd() * 300);
      return { rows, area };
    };
    // zip_code after the derived features: its input still comes first, with the raw features.
    const features: ModelFeature[] = [{ name: 'area', kind: 'numeric' }, ...derived.map((d): ModelFeature => ({ name: d.name, kind: d.kind })), { name: 'zip_code', kind: 'categorical' }];
    const trainRows = make(4000, 3);
    const trainSet = dataset(features, trainRows.rows, { area: trainRows.area }, derived);
    const label = Float64Array.from(trainRows.rows, (r, i) => 1000 * trainRows.area[i]! * (1 + Math.abs((derived[1]!.compute(r) as number) || -60) / 100));
    const { model } = train({ data: trainSet, label }, { objective: 'regression', targetTransform: 'log1p', numIterations: 40, numLeaves: 16 });
    expect(new Set(model.trees.feature).has(2)).toBe(true);
    const testRows = make(3000, 4);
    const test = dataset(model.features, testRows.rows, { area: testRows.area }, derived);
    const raw = { area: testRows.area, zip_code: testRows.rows.map((r) => r.zip_code ?? '') };
    expect(await wholeModel(model, derived, test, raw)).toBeLessThanOrEqual(1e-5);
  });
});
