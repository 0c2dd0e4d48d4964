// The weighted least squares of KernelSHAP with the efficiency constraint, solved as shap
// does: the last feature is eliminated (phi_last = delta - sum of the others), leaving an
// unconstrained regression on M-1 columns z_j - z_last with target y - z_last * delta.
// Standard errors of the sampled regime come from the delta method over independent pairs:
// the solution w solves A w = b with A, b sums over coalitions; a pair i moves b - A w by
// c u_i, u_i = sum over its two coalitions of e (y' - e.w), so Cov(w) ~ c^2 n A^-1 S A^-1
// with S the sample covariance of the u_i over the n pairs (docs/shap.md, "Standard errors").
import { PIVOT_EPS } from './constants.ts';

interface RegressionSolution {
  /** Shapley values of the M varying features; they sum to delta exactly. */
  readonly phi: Float64Array;
  /** Standard errors of phi from the sampled pairs (0 for an exact solution). */
  readonly standardErrors: Float64Array;
}

/** Accumulates evaluated coalitions and solves for the Shapley values. */
export class KernelRegression {
  private readonly K: number;
  /** Normal equations of the enumerated coalitions (weighted) and of the sampled ones (unit weight). */
  private readonly aFixed: Float64Array;
  private readonly bFixed: Float64Array;
  private readonly aSampled: Float64Array;
  private readonly bSampled: Float64Array;
  /** Sampled pairs kept for their covariance: masks (2M bytes each) and centered values. */
  private readonly pairMasks: Uint8Array[] = [];
  private readonly pairValues: number[] = [];
  private readonly e: Float64Array;

  /** M varying features; delta = f(x) - E f(background), what phi must sum to. */
  constructor(
    private readonly M: number,
    private readonly delta: number,
  ) {
    this.K = M - 1;
    this.aFixed = new Float64Array(this.K * this.K);
    this.bFixed = new Float64Array(this.K);
    this.aSampled = new Float64Array(this.K * this.K);
    this.bSampled = new Float64Array(this.K);
    this.e = new Float64Array(this.K);
  }

  get pairs(): number {
    return this.pairMasks.length;
  }

  /** An enumerated coalition: mask (M bytes from offset), y = E f(coalition) - E f(background), kernel weight. */
  addFixed(mask: Uint8Array, offset: number, y: number, weight: number): void {
    this.accumulate(this.aFixed, this.bFixed, mask, offset, y, weight);
  }

  /** A sampled complementary pair: 2M bytes of masks and the two centered values. */
  addPair(masks: Uint8Array, y0: number, y1: number): void {
    this.accumulate(this.aSampled, this.bSampled, masks, 0, y0, 1);
    this.accumulate(this.aSampled, this.bSampled, masks, this.M, y1, 1);
    this.pairMasks.push(masks.slice());
    this.pairValues.push(y0, y1);
  }

  /**
   * Solves with the sampled coalitions sharing weightLeft equally (shap's rescaling of the
   * sampled kernel weights).
   */
  solve(weightLeft: number): RegressionSolution {
    const { K, M } = this;
    const phi = new Float64Array(M);
    const standardErrors = new Float64Array(M);
    if (M === 0) return { phi, standardErrors };
    if (M === 1) {
      phi[0] = this.delta;
      return { phi, standardErrors };
    }
    const n = this.pairs;
    const c = n > 0 ? weightLeft / (2 * n) : 0;
    const A = new Float64Array(K * K);
    const b = new Float64Array(K);
    for (let i = 0; i < K * K; i++) A[i] = this.aFixed[i]! + c * this.aSampled[i]!;
    for (let i = 0; i < K; i++) b[i] = this.bFixed[i]! + c * this.bSampled[i]!;
    const inv = invert(A, K);
    const w = new Float64Array(K);
    for (let i = 0; i < K; i++) {
      let s = 0;
      for (let j = 0; j < K; j++) s += inv[i * K + j]! * b[j]!;
      w[i] = s;
    }
    let sum = 0;
    for (let i = 0; i < K; i++) {
      phi[i] = w[i]!;
      sum += w[i]!;
    }
    phi[K] = this.delta - sum;
    if (n >= 2) this.standardErrors(inv, w, c, standardErrors);
    return { phi, standardErrors };
  }

  private standardErrors(inv: Float64Array, w: Float64Array, c: number, out: Float64Array): void {
    const { K, M } = this;
    const n = this.pairs;
    const u = new Float64Array(n * K);
    const mean = new Float64Array(K);
    for (let p = 0; p < n; p++) {
      const masks = this.pairMasks[p]!;
      for (let half = 0; half < 2; half++) {
        const y = this.reduced(masks, half * M, this.pairValues[2 * p + half]!);
        let fit = 0;
        for (let j = 0; j < K; j++) fit += this.e[j]! * w[j]!;
        for (let j = 0; j < K; j++) u[p * K + j]! += this.e[j]! * (y - fit);
      }
      for (let j = 0; j < K; j++) mean[j]! += u[p * K + j]! / n;
    }
    // S: sample covariance of the pair terms; then C = c^2 n inv S inv.
    const S = new Float64Array(K * K);
    for (let p = 0; p < n; p++) {
      for (let i = 0; i < K; i++) {
        const di = u[p * K + i]! - mean[i]!;
        for (let j = 0; j <= i; j++) S[i * K + j]! += di * (u[p * K + j]! - mean[j]!);
      }
    }
    for (let i = 0; i < K; i++) for (let j = 0; j <= i; j++) S[j * K + i] = S[i * K + j]! /= n - 1;
    const T = matmul(inv, S, K);
    const C = matmul(T, inv, K);
    const scale = c * c * n;
    let total = 0;
    for (let i = 0; i < K; i++) {
      out[i] = Math.sqrt(Math.max(0, scale * C[i * K + i]!));
      for (let j = 0; j < K; j++) total += C[i * K + j]!;
    }
    // phi_last = delta - sum(w): its variance is the sum of all of Cov(w).
    out[K] = Math.sqrt(Math.max(0, scale * total));
  }

  /** Fills this.e with the reduced row of a mask and returns the reduced target. */
  private reduced(mask: Uint8Array, offset: number, y: number): number {
    const last = mask[offset + this.K]!;
    for (let j = 0; j < this.K; j++) this.e[j] = mask[offset + j]! - last;
    return y - last * this.delta;
  }

  private accumulate(A: Float64Array, b: Float64Array, mask: Uint8Array, offset: number, y: number, weight: number): void {
    const K = this.K;
    const yr = this.reduced(mask, offset, y);
    const e = this.e;
    for (let i = 0; i < K; i++) {
      const ei = e[i]!;
      if (ei === 0) continue;
      b[i]! += weight * ei * yr;
      for (let j = 0; j < K; j++) A[i * K + j]! += weight * ei * e[j]!;
    }
  }
}

function matmul(X: Float64Array, Y: Float64Array, K: number): Float64Array {
  const out = new Float64Array(K * K);
  for (let i = 0; i < K; i++)
    for (let k = 0; k < K; k++) {
      const x = X[i * K + k]!;
      if (x === 0) continue;
      for (let j = 0; j < K; j++) out[i * K + j]! += x * Y[k * K + j]!;
    }
  return out;
}

/**
 * Inverse of a symmetric positive semi-definite K x K matrix by Gauss-Jordan elimination with
 * partial pivoting. A direction with no weight (pivot below PIVOT_EPS of the largest diagonal)
 * gets a zero row and column: a pseudo-inverse that leaves that component at 0.
 */
function invert(A: Float64Array, K: number): Float64Array {
  const a = Float64Array.from(A);
  const inv = new Float64Array(K * K);
  for (let i = 0; i < K; i++) inv[i * K + i] = 1;
  let scale = 0;
  for (let i = 0; i < K; i++) scale = Math.max(scale, Math.abs(a[i * K + i]!));
  const dead = new Uint8Array(K);
  for (let col = 0; col < K; col++) {
    let p = -1;
    let best = PIVOT_EPS * scale;
    for (let r = col; r < K; r++) {
      const v = Math.abs(a[r * K + col]!);
      if (v > best) {
        best = v;
        p = r;
      }
    }
    if (p < 0) {
      dead[col] = 1;
      continue;
    }
    if (p !== col) {
      for (let j = 0; j < K; j++) {
        let t = a[p * K + j]!;
        a[p * K + j] = a[col * K + j]!;
        a[col * K + j] = t;
        t = inv[p * K + j]!;
        inv[p * K + j] = inv[col * K + j]!;
        inv[col * K + j] = t;
      }
    }
    const d = a[col * K + col]!;
    for (let j = 0; j < K; j++) {
      a[col * K + j]! /= d;
      inv[col * K + j]! /= d;
    }
    for (let r = 0; r < K; r++) {
      if (r === col) continue;
      const f = a[r * K + col]!;
      if (f === 0) continue;
      for (let j = 0; j < K; j++) {
        a[r * K + j]! -= f * a[col * K + j]!;
        inv[r * K + j]! -= f * inv[col * K + j]!;
      }
    }
  }
  for (let i = 0; i < K; i++) {
    if (!dead[i]) continue;
    for (let j = 0; j < K; j++) {
      inv[i * K + j] = 0;
      inv[j * K + i] = 0;
    }
  }
  return inv;
}
