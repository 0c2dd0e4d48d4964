// Writes one of our trained models as its flat tree table, with rows to explain, for the SHAP
// golden fixtures (python/golden/make_shap_fixtures.py turns it into a shap custom tree model):
//   npx tsx bench/shap-export-model.ts <file.json>
// Numeric features only: shap's custom tree format has no category-set splits. Categorical
// routing is checked in functions/ml/src/shap/tree-shap.test.ts by brute force instead.
import { writeFileSync } from 'node:fs';
import type { Dataset } from '@tabular-ct/ml';
import { train } from '@tabular-ct/ml';
import { shapTreeJson } from './shap-tree-json.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: shap-export-model.ts <file.json>');

/** Deterministic uniform numbers (a linear congruential generator: no dependency on our RNG). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function synthetic(n: number, seed: number): { data: Dataset; label: Float64Array } {
  const rnd = lcg(seed);
  const cols = Array.from({ length: 5 }, () => new Float64Array(n));
  const label = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (const c of cols) c[i] = rnd() * 4 - 2;
    // Missing values in x2, routed by each split's learned direction.
    if (rnd() < 0.15) cols[2]![i] = NaN;
    const [a, b, c, d, e] = cols.map((col) => col[i]!) as [number, number, number, number, number];
    label[i] = 2 * Math.sin(2 * a) + b * (a > 0 ? 1 : -1) + (Number.isNaN(c) ? 1 : c * d * 0.5) + 0.3 * e + (rnd() - 0.5) * 0.2;
  }
  const features = cols.map((_, j) => ({ name: `x${j}`, kind: 'numeric' as const }));
  return { data: { features, columns: cols }, label };
}

const set = synthetic(3000, 1);
const { model } = train(set, { objective: 'regression', numIterations: 40, numLeaves: 15, minDataInLeaf: 20 });
const rows = synthetic(40, 2).data;
// The fixture script reads the model's fields and `rows` at the top level.
const { model: table, rows: explained } = shapTreeJson(model, rows);
writeFileSync(out, JSON.stringify({ ...(table as Record<string, unknown>), rows: explained }));
