// Agreement with scipy and Evidently on functions/ml/fixtures/drift.json
// (regenerate: .cache/venv/bin/python python/golden/make_drift_fixtures.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { columnDrift, datasetDrift, type DriftColumnInput } from './column-drift.ts';
import { KS_EXACT_MAX_N, KS_TAIL_NX2_LARGE_N, KS_TAIL_NX2_SMALL_N } from './constants.ts';
import { ksTest } from './ks.ts';
import type { DriftTest } from './select-test.ts';

type Encoded = number | 'NaN' | 'Infinity' | '-Infinity';
interface Case {
  name: string;
  kind: 'numeric' | 'categorical';
  reference: (number | string | null)[];
  current: (number | string | null)[];
  default_test: DriftTest;
  evidently: Partial<Record<DriftTest, { score: Encoded; drifted: boolean; threshold: number }>>;
  scipy: {
    ks?: { statistic: Encoded; pvalue: Encoded };
    wasserstein?: Encoded;
    jensenshannon: Encoded;
    chisquare?: { statistic: Encoded; pvalue: Encoded };
  };
}
interface KsFormulaCase {
  n1: number;
  n2: number;
  power: number;
  shift: number;
  statistic: Encoded;
  pvalue: Encoded;
}
interface DatasetCase {
  name: string;
  columns: { name: string; kind: 'numeric' | 'categorical'; reference: Case['reference']; current: Case['current'] }[];
  evidently: { columns: Record<string, { test: DriftTest; score: Encoded; drifted: boolean }>; share: number; drifted: boolean };
}
interface Fixture {
  versions: Record<string, string>;
  cases: Case[];
  datasets: DatasetCase[];
  ks_formula: KsFormulaCase[];
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/drift.json', import.meta.url), 'utf8')) as Fixture;

// Both sides compute the same closed forms in float64 (sums of shares, logs, the lattice-path
// recursion of the exact KS p-value, the incomplete gamma of chi-square): 1e-9, absolute or
// relative, leaves room for summation order and would catch any difference of method.
const EXACT = 1e-9;
// In the asymptotic KS regime (a sample above 10 000 values) scipy evaluates the one-sample
// Kolmogorov distribution at n = round(n1 n2 / (n1 + n2)). In its tail (2 * smirnov) we
// compute the same exact sum: EXACT applies. In the body scipy uses the Durbin matrix,
// Pomeranz or Pelz-Good and we use Kolmogorov's limit with Stephens' correction. Seen there:
// up to 2.2% relative on p-values in [0.004, 0.74]. Evidently's defaults only get here when
// the reference has <= 1000 rows and the batch more than 10 000.
const KS_ASYMPTOTIC_BODY_REL = 0.03;

const decode = (v: Encoded): number => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);

function input(c: Pick<Case, 'name' | 'kind' | 'reference' | 'current'>): DriftColumnInput {
  if (c.kind === 'numeric') {
    const toArray = (a: Case['reference']) => Float64Array.from(a, (v) => (v === null ? NaN : (v as number)));
    return { column: c.name, kind: 'numeric', reference: toArray(c.reference), current: toArray(c.current) };
  }
  return { column: c.name, kind: 'categorical', reference: c.reference as (string | null)[], current: c.current as (string | null)[] };
}

function expectClose(ours: number, reference: number, tolerance: { abs?: number; rel?: number }, label: string): void {
  if (ours === reference) return; // also infinities
  const abs = Math.abs(ours - reference);
  const within = abs <= (tolerance.abs ?? 0) || abs <= (tolerance.rel ?? 0) * Math.abs(reference);
  expect(within, `${label}: ours ${ours}, reference ${reference}`).toBe(true);
}

function tested(c: Case, test?: DriftTest) {
  const result = columnDrift(input(c), test);
  if (result.test === null) throw new Error(`${c.name}: untested`);
  return result;
}

const asymptotic = (c: Case) => Math.max(c.reference.length, c.current.length) > KS_EXACT_MAX_N;

/** Tolerance of an asymptotic KS p-value: EXACT where scipy takes 2 * smirnov, as we do. */
function asymptoticTolerance(n1: number, n2: number, d: number): { abs?: number; rel: number } {
  const n = Math.round((n1 * n2) / (n1 + n2));
  const tail = d >= 0.5 || n * d * d >= (n > 140 ? KS_TAIL_NX2_LARGE_N : KS_TAIL_NX2_SMALL_N);
  return tail ? { abs: EXACT, rel: EXACT } : { rel: KS_ASYMPTOTIC_BODY_REL };
}

describe(`drift statistics against Evidently ${fixture.versions.evidently} and scipy ${fixture.versions.scipy}`, () => {
  for (const c of fixture.cases) {
    describe(c.name, () => {
      it("chooses Evidently's default test, with its score and decision", () => {
        const ours = tested(c);
        expect(ours.test).toBe(c.default_test);
        const evidently = c.evidently[c.default_test];
        expect(evidently).toBeDefined();
        expect(ours.drifted).toBe(evidently?.drifted);
        expect(ours.threshold).toBe(evidently?.threshold);
      });

      for (const [test, evidently] of Object.entries(c.evidently) as [DriftTest, NonNullable<Case['evidently'][DriftTest]>][]) {
        it(`${test} matches Evidently's stattest`, () => {
          const ours = tested(c, test);
          const score = ours.p_value ?? ours.statistic;
          const reference = decode(evidently.score);
          expect(ours.drifted).toBe(evidently.drifted);
          expect(ours.threshold).toBe(evidently.threshold);
          if (test === 'chisquare' && Number.isNaN(reference)) {
            // One value in both samples: scipy's chisquare has 0 degrees of freedom and
            // answers NaN; we answer p = 1 (no drift, as Evidently decides too).
            expect(score).toBe(1);
          } else if (test === 'ks' && asymptotic(c)) {
            const present = (a: Case['reference']) => a.filter((v) => v !== null).length;
            expectClose(score, reference, asymptoticTolerance(present(c.reference), present(c.current), ours.statistic), `${c.name} ks`);
          } else if (test === 'z') {
            // Evidently computes 2 (1 - Phi(|z|)), which keeps only absolute precision for
            // small p-values (~1e-16); ours is erfc(|z| / sqrt 2).
            expectClose(score, reference, { abs: EXACT }, `${c.name} z`);
          } else {
            expectClose(score, reference, { abs: EXACT, rel: EXACT }, `${c.name} ${test}`);
          }
        });
      }

      if (c.scipy.ks) {
        const ks = c.scipy.ks;
        it('KS statistic and p-value match scipy.stats.ks_2samp', () => {
          const ours = tested(c, 'ks');
          expectClose(ours.statistic, decode(ks.statistic), { abs: EXACT, rel: EXACT }, `${c.name} D`);
          // Exact p-values down to 1e-38 here: compared relatively, not just absolutely.
          if (!asymptotic(c)) expectClose(ours.p_value ?? NaN, decode(ks.pvalue), { rel: EXACT }, `${c.name} p`);
        });
      }
      it('Jensen-Shannon matches scipy.spatial.distance.jensenshannon', () => {
        expectClose(tested(c, 'jensenshannon').statistic, decode(c.scipy.jensenshannon), { abs: EXACT, rel: EXACT }, c.name);
      });
      if (c.scipy.chisquare) {
        const chi = c.scipy.chisquare;
        it('chi-square matches scipy.stats.chisquare', () => {
          const ours = tested(c, 'chisquare');
          expectClose(ours.statistic, decode(chi.statistic), { abs: EXACT, rel: EXACT }, `${c.name} statistic`);
          // scipy's chi2.sf keeps relative precision down to 1e-185 in these cases; so do we.
          expectClose(ours.p_value ?? NaN, decode(chi.pvalue), { abs: 1e-300, rel: EXACT }, `${c.name} p`);
        });
      }
    });
  }
});

describe('KS at the sizes where scipy switches from exact to asymptotic', () => {
  for (const c of fixture.ks_formula) {
    it(`n1 = ${c.n1}, n2 = ${c.n2}, power ${c.power}, shift ${c.shift}`, () => {
      // The samples of make_drift_fixtures.py's ks_formula_case, rebuilt here.
      const reference = Float64Array.from({ length: c.n1 }, (_, i) => (i + 0.5) / c.n1);
      const current = Float64Array.from({ length: c.n2 }, (_, j) => ((j + 0.5) / c.n2) ** c.power + c.shift);
      const ours = ksTest(reference, current);
      const exact = Math.max(c.n1, c.n2) <= KS_EXACT_MAX_N;
      expect(ours.method).toBe(exact ? 'exact' : 'asymptotic');
      expectClose(ours.statistic, decode(c.statistic), { abs: EXACT, rel: EXACT }, 'D');
      expectClose(ours.pValue, decode(c.pvalue), exact ? { rel: EXACT } : asymptoticTolerance(c.n1, c.n2, ours.statistic), 'p');
    });
  }
});

describe("dataset drift against Evidently's DataDriftPreset", () => {
  for (const d of fixture.datasets) {
    it(`${d.name}: the same test, score and decision per column, and the same dataset drift`, () => {
      const columns = d.columns.map((c) => columnDrift(input(c)));
      for (const ours of columns) {
        const evidently = d.evidently.columns[ours.column];
        if (ours.test === null || evidently === undefined) throw new Error(`${ours.column}: missing`);
        expect(ours.test, ours.column).toBe(evidently.test);
        expect(ours.drifted, ours.column).toBe(evidently.drifted);
        const tolerance = ours.test === 'z' ? { abs: EXACT } : { abs: EXACT, rel: EXACT }; // z: see above
        expectClose(ours.p_value ?? ours.statistic, decode(evidently.score), tolerance, `${d.name} ${ours.column}`);
      }
      const dataset = datasetDrift(columns);
      expect(dataset.drifted_share).toBeCloseTo(d.evidently.share, 15);
      expect(dataset.drifted).toBe(d.evidently.drifted);
    });
  }
});
