import type { CategoricalSplit, Dataset, GbdtModel, Objective, TargetTransform } from '@tabular-ct/ml';
import { exportOnnx, predict, train } from '@tabular-ct/ml';
import { describe, expect, it } from 'vitest';
import type { OnnxColumn } from './session.ts';
import { createOnnxSession } from './session.ts';

// The exported graph must give the numbers the TypeScript predictor gives. Tolerance 1e-5
// relative, the bound of every ONNX parity test (docs/architecture.md); what remains is the
// float32 output of TreeEnsembleRegressor (opset 3), about 6e-8 relative before the inverse
// transform.
const ROWS = 10_000;
const TOLERANCE = 1e-5;

/** Deterministic pseudo-random numbers for the synthetic rows (a 32-bit LCG is enough here). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function synthetic(rows: number, seed: number, unseen: boolean): { data: Dataset; label: Float64Array } {
  const rnd = lcg(seed);
  const cities = Array.from({ length: 40 }, (_, i) => `city ${i}`);
  const area = Float64Array.from({ length: rows }, () => (rnd() < 0.1 ? NaN : 30 + rnd() * 300));
  const rooms = Float64Array.from({ length: rows }, () => (rnd() < 0.2 ? NaN : Math.floor(rnd() * 6)));
  const city = Array.from({ length: rows }, () => {
    const u = rnd();
    if (u < 0.05) return null;
    if (unseen && u < 0.1) return 'a city never seen';
    return cities[Math.floor(rnd() * cities.length)]!;
  });
  const kind = Array.from({ length: rows }, () => (rnd() < 0.5 ? 'house' : 'flat'));
  const label = Float64Array.from({ length: rows }, (_, i) => {
    const c = city[i] === null ? 20 : Number(city[i]!.split(' ')[1] ?? 0);
    const a = Number.isNaN(area[i]!) ? 120 : area[i]!;
    return 1000 * a * (1 + (c % 7) / 3) * (kind[i] === 'house' ? 1.5 : 1) * (0.8 + 0.4 * rnd());
  });
  return {
    data: {
      features: [
        { name: 'area', kind: 'numeric' },
        { name: 'rooms', kind: 'numeric' },
        { name: 'city', kind: 'categorical' },
        { name: 'kind', kind: 'categorical' },
      ],
      columns: [area, rooms, city, kind],
    },
    label,
  };
}

function onnxColumns(data: Dataset): Record<string, OnnxColumn> {
  const out: Record<string, OnnxColumn> = {};
  data.features.forEach((f, j) => {
    const c = data.columns[j]!;
    out[f.name] = c instanceof Float64Array ? c : c.map((v) => v ?? '');
  });
  return out;
}

async function maxRelativeDifference(model: GbdtModel, data: Dataset): Promise<number> {
  const session = await createOnnxSession(exportOnnx(model));
  try {
    const onnx = await session.run(onnxColumns(data));
    const ts = predict(model, data);
    expect(onnx).toHaveLength(ts.length);
    let worst = 0;
    for (let i = 0; i < ts.length; i++) worst = Math.max(worst, Math.abs(onnx[i]! - ts[i]!) / Math.max(Math.abs(ts[i]!), 1e-12));
    return worst;
  } finally {
    await session.release();
  }
}

describe('ONNX export runs in onnxruntime-node with the TypeScript numbers', () => {
  const trainSet = synthetic(ROWS, 1, false);
  const testSet = synthetic(ROWS, 2, true);
  const cases: [string, Objective, TargetTransform, CategoricalSplit, Float64Array][] = [
    ['regression with log1p target', 'regression', 'log1p', 'ordered', trainSet.label],
    ['regression with category sets', 'regression', 'log1p', 'set', trainSet.label],
    ['huber', 'huber', 'none', 'ordered', Float64Array.from(trainSet.label, (v) => v / 1e5)],
    ['binary classifier', 'binary', 'none', 'set', Float64Array.from(trainSet.label, (v) => (v > 250_000 ? 1 : 0))],
  ];
  for (const [name, objective, targetTransform, categoricalSplit, label] of cases) {
    it(`${name}: max relative difference <= ${TOLERANCE} on ${ROWS} rows`, async () => {
      const { model } = train({ data: trainSet.data, label }, { objective, targetTransform, categoricalSplit, numIterations: 60 });
      const t = model.trees;
      // The routes under test are there: set splits, or categorical thresholds; missing sent left.
      if (categoricalSplit === 'set') expect(t.catWord.some((w) => w >= 0)).toBe(true);
      else expect([...t.feature].some((f) => model.features[f]!.kind === 'categorical')).toBe(true);
      expect(t.missingLeft.some((m) => m === 1)).toBe(true);
      expect(await maxRelativeDifference(model, testSet.data)).toBeLessThanOrEqual(TOLERANCE);
    });
  }

  it('a model without trees (nothing to split) predicts its constant', async () => {
    const { model } = train({ data: trainSet.data, label: new Float64Array(ROWS).fill(42) }, { objective: 'regression' });
    expect(model.trees.roots).toHaveLength(0);
    expect(await maxRelativeDifference(model, testSet.data)).toBeLessThanOrEqual(TOLERANCE);
    expect(predict(model, testSet.data)[0]).toBe(42);
  });
});
