// Writes an exported model directory for the mlflow.pyfunc check (python/tests/test_pyfunc_gbdt.py):
//   npx tsx bench/gbdt-export-sample.ts <dir>
// <dir>/<objective>/ gets MLmodel, model.onnx, feature_spec.json and the environment files,
// plus input.json (raw columns, null for missing) and expected.json (our TypeScript predictions).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasets, derivedFeatures, encodeDerived } from '@tabular-ct/core';
import type { Dataset, ModelFeature, Objective, TargetTransform } from '@tabular-ct/ml';
import { exportModelArtifacts, predict, train } from '@tabular-ct/ml';
import { syntheticRegression } from './gbdt-synthetic.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: gbdt-export-sample.ts <dir>');

const set = syntheticRegression(5000, 7);
const test = syntheticRegression(1000, 8);
// Missing and unseen categories in the rows scored.
const cats = test.data.columns.slice(10) as (string | null)[][];
for (let r = 0; r < 1000; r += 17) cats[0]![r] = null;
for (let r = 5; r < 1000; r += 23) cats[1]![r] = 'never seen';

const cases: [string, Objective, TargetTransform, Float64Array][] = [
  ['regression', 'regression', 'log1p', Float64Array.from(set.label, (v) => Math.exp(v / 2) * 1000)],
  ['binary', 'binary', 'none', Float64Array.from(set.label, (v) => (v > 0.5 ? 1 : 0))],
];
for (const [name, objective, targetTransform, label] of cases) {
  for (const categoricalSplit of ['ordered', 'set'] as const) {
    const { model } = train({ data: set.data, label }, { objective, targetTransform, categoricalSplit, numIterations: 80 });
    const dir = join(out, `${name}-${categoricalSplit}`);
    mkdirSync(dir, { recursive: true });
    const files = exportModelArtifacts(model, { createdAt: '2026-01-01T00:00:00.000000', modelUuid: '0123456789abcdef0123456789abcdef' });
    for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
    writeFileSync(join(dir, 'input.json'), JSON.stringify(columns(test.data)));
    writeFileSync(join(dir, 'expected.json'), JSON.stringify([...predict(model, test.data)]));
  }
}

// A model on diabetes' derived features (ICD-9 chapters, age in years): the graph computes them
// from the raw codes, so input.json holds the raw columns and expected.json TypeScript's numbers.
{
  const resolved = await derivedFeatures(datasets.diabetes);
  if (!resolved.ok) throw new Error(resolved.error);
  const derived = resolved.value.features;
  const codes = ['250.83', '428', '008', '8', 'V57', 'E909', 'v57', '1234', '', '.5', 'abc', '410.\n', '786.2', '999', '800', '140', '239', '710', 'V', 'é'];
  let seed = 7;
  const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
  const pick = (xs: readonly string[]) => xs[Math.floor(rnd() * xs.length)]!;
  const make = (n: number) => ({
    rows: Array.from({ length: n }, () => ({ diag_1: pick(codes), diag_2: pick(codes), diag_3: pick(codes), age: rnd() < 0.1 ? '' : `[${10 * Math.floor(rnd() * 10)}-${10 * Math.floor(rnd() * 10) + 10})` })),
    visits: Float64Array.from({ length: n }, () => (rnd() < 0.1 ? NaN : Math.floor(rnd() * 10))),
  });
  const features: ModelFeature[] = [{ name: 'visits', kind: 'numeric' }, ...derived.map((d): ModelFeature => ({ name: d.name, kind: d.kind }))];
  const data = (set: ReturnType<typeof make>, fs: readonly ModelFeature[]): Dataset => ({
    features: fs,
    columns: [set.visits, ...encodeDerived(derived, set.rows).map((c) => (c instanceof Float64Array ? c : c.map((v) => (v === '' ? null : v))))],
  });
  const trainRows = make(3000);
  const label = Float64Array.from(trainRows.rows, (r, i) => ((derived[0]!.compute(r) === 'circulatory' ? 0.6 : 0.3) + (trainRows.visits[i]! || 0) / 30 + rnd() * 0.2 > 0.6 ? 1 : 0));
  const { model } = train({ data: data(trainRows, features), label }, { objective: 'binary', categoricalSplit: 'set', numIterations: 30 });
  const testRows = make(1000);
  const dir = join(out, 'binary-derived');
  mkdirSync(dir, { recursive: true });
  const files = exportModelArtifacts(model, { createdAt: '2026-01-01T00:00:00.000000', modelUuid: '0123456789abcdef0123456789abcdef' }, {}, derived);
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  const raw = { visits: Array.from(testRows.visits, (v) => (Number.isNaN(v) ? null : v)), ...Object.fromEntries((['diag_1', 'diag_2', 'diag_3', 'age'] as const).map((c) => [c, testRows.rows.map((r) => r[c])])) };
  writeFileSync(join(dir, 'input.json'), JSON.stringify(raw));
  writeFileSync(join(dir, 'expected.json'), JSON.stringify([...predict(model, data(testRows, model.features))]));
}

function columns(data: Dataset): Record<string, (number | string | null)[]> {
  return Object.fromEntries(
    data.features.map((f, j) => {
      const c = data.columns[j]!;
      return [f.name, c instanceof Float64Array ? Array.from(c, (v) => (Number.isNaN(v) ? null : v)) : [...c]];
    }),
  );
}
