// Writes an exported model directory for the mlflow.pyfunc check (python/tests/test_pyfunc_gbdt.py):
//   npx tsx bench/gbdt-export-sample.ts <dir>
// <dir>/<objective>/ gets MLmodel, model.onnx, feature_spec.json and the environment files,
// plus input.json (raw columns, null for missing) and expected.json (our TypeScript predictions).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset, Objective, TargetTransform } from '@tabular-ct/ml';
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

function columns(data: Dataset): Record<string, (number | string | null)[]> {
  return Object.fromEntries(
    data.features.map((f, j) => {
      const c = data.columns[j]!;
      return [f.name, c instanceof Float64Array ? Array.from(c, (v) => (Number.isNaN(v) ? null : v)) : [...c]];
    }),
  );
}
