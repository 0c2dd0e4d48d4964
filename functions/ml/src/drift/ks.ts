// Two-sample Kolmogorov-Smirnov test, two-sided, as scipy.stats.ks_2samp with its default
// method='auto': the exact p-value while both samples have at most 10 000 values, else the
// asymptotic one.
import { KS_EXACT_MAX_N, KS_TAIL_NX2_LARGE_N, KS_TAIL_NX2_SMALL_N, KS_TAIL_ZERO_NX2, P_VALUE_THRESHOLD } from './constants.ts';
import { sortedCopy } from './samples.ts';
import type { StatTest } from './stat-test.ts';

interface KsResult {
  /** sup |F_ref - F_cur|; in the exact regime rounded to the lattice h / lcm(n1, n2) as scipy reports it. */
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** sup over x of |F1(x) - F2(x)| with right-continuous empirical CDFs (ties handled). */
function supDistance(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && (a[i] as number) <= (b[j] as number)) ? (a[i] as number) : (b[j] as number);
    while (i < n1 && (a[i] as number) <= v) i++;
    while (j < n2 && (b[j] as number) <= v) j++;
    d = Math.max(d, Math.abs(i / n1 - j / n2));
  }
  return d;
}

/**
 * P(D >= h / lcm) under the null, by counting lattice paths from (0, 0) to (m, n) that leave
 * the band |x/m - y/n| < h/lcm (Hodges's "inside" method). r(x, y) is the share of
 * paths to (x, y) that have left the band: r = 1 outside, and inside
 * r(x, y) = (x r(x-1, y) + y r(x, y-1)) / (x + y), since a uniform path reaches (x, y) from
 * the left with probability x / (x + y). Computing the outside share directly keeps small
 * p-values accurate, and every value stays in [0, 1].
 */
function exactPValue(m: number, n: number, h: number): number {
  if (m < n) [m, n] = [n, m];
  const g = gcd(m, n);
  const mg = m / g;
  const ng = n / g;
  // Point (x, y) is outside when |x ng - y mg| >= h.
  const r = new Float64Array(n + 1).fill(1);
  for (let y = 0; y <= n && y * mg < h; y++) r[y] = 0;
  for (let x = 1; x <= m; x++) {
    const lo = Math.max(0, Math.floor((x * ng - h) / mg) + 1);
    const hi = Math.min(n, Math.ceil((x * ng + h) / mg) - 1);
    if (lo > hi) return 1; // every path crosses this column outside the band
    let below = lo === 0 ? 0 : 1; // r(x, lo - 1): outside, or unused when lo = 0
    for (let y = lo; y <= hi; y++) {
      below = (x * (r[y] as number) + y * below) / (x + y);
      r[y] = below;
    }
  }
  return r[n] as number;
}

/**
 * Smirnov's one-sided P(D+_n >= x) by the Birnbaum-Tingey sum
 * x sum_{j <= n(1-x)} C(n, j) (1 - x - j/n)^(n-j) (x + j/n)^(j-1); every term is positive, so
 * adding them from logarithms keeps the relative precision of tiny tails.
 */
function smirnovSf(n: number, x: number): number {
  const last = Math.floor(n * (1 - x));
  const logs: number[] = [];
  let logBinomial = 0; // ln C(n, j), updated as j grows
  for (let j = 0; j <= last; j++) {
    if (j > 0) logBinomial += Math.log((n - j + 1) / j);
    const below = 1 - x - j / n;
    if (below <= 0) break;
    logs.push(logBinomial + (n - j) * Math.log(below) + (j - 1) * Math.log(x + j / n));
  }
  let top = -Infinity;
  for (const l of logs) if (l > top) top = l;
  let sum = 0;
  for (const l of logs) sum += Math.exp(l - top);
  return x * Math.exp(top) * sum;
}

/** Kolmogorov's limiting survival function Q(lambda) = 2 sum (-1)^(k-1) exp(-2 k^2 lambda^2). */
function kolmogorovSf(lambda: number): number {
  if (lambda <= 0) return 1;
  if (lambda < 1) {
    // The alternating series converges slowly here: use the theta-function form of the CDF.
    let cdf = 0;
    for (let k = 1; k <= 20; k++) cdf += Math.exp(-((2 * k - 1) ** 2) * Math.PI ** 2 / (8 * lambda * lambda));
    return 1 - (Math.sqrt(2 * Math.PI) / lambda) * cdf;
  }
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-17 * sum) break;
  }
  return 2 * sum;
}

/**
 * scipy's asymptotic p-value: the survival function of the one-sample two-sided statistic
 * D_n at n = round(n1 n2 / (n1 + n2)) (scipy.stats.kstwo). In the
 * tail, where scipy takes 2 * smirnov (n x^2 >= 2.2 for n > 140, > 4 otherwise, or x >= 0.5),
 * we compute the same exact sum. Elsewhere scipy uses the Durbin matrix, Pomeranz or Pelz-Good;
 * we use Kolmogorov's limit with Stephens' correction, which agrees
 * to the tolerance stated in drift.golden.test.ts.
 */
function asymptoticPValue(n1: number, n2: number, d: number): number {
  const n = Math.round((n1 * n2) / (n1 + n2));
  if (d >= 1) return 0;
  const nx2 = n * d * d;
  if (n > 140 && nx2 >= KS_TAIL_ZERO_NX2) return 0;
  if (d >= 0.5 || nx2 >= (n > 140 ? KS_TAIL_NX2_LARGE_N : KS_TAIL_NX2_SMALL_N)) return 2 * smirnovSf(n, d);
  const sqrtN = Math.sqrt(n);
  return kolmogorovSf((sqrtN + 0.12 + 0.11 / sqrtN) * d);
}

/** Two-sided two-sample KS test of finite samples (both non-empty). */
export function ksTest(reference: Float64Array, current: Float64Array): KsResult {
  const a = sortedCopy(reference);
  const b = sortedCopy(current);
  const n1 = a.length;
  const n2 = b.length;
  const d = supDistance(a, b);
  if (Math.max(n1, n2) <= KS_EXACT_MAX_N) {
    const lcm = (n1 / gcd(n1, n2)) * n2;
    const h = Math.round(d * lcm);
    return { statistic: h / lcm, pValue: h === 0 ? 1 : Math.min(1, Math.max(0, exactPValue(n1, n2, h))), method: 'exact' };
  }
  return { statistic: d, pValue: Math.min(1, Math.max(0, asymptoticPValue(n1, n2, d))), method: 'asymptotic' };
}

/** Evidently's "ks": numeric columns, the default while the reference is small; drift at p <= threshold. */
export const ksStatTest: StatTest<'ks'> = {
  name: 'ks',
  label: 'K-S',
  kinds: ['numeric'], defaultFor: ['small continuous'], threshold: P_VALUE_THRESHOLD,
  drifted: ({ pValue = NaN }, threshold) => pValue <= threshold,
  compute: (reference, current) => ksTest(reference as Float64Array, current as Float64Array),
};
