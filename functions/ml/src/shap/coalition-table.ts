// The value of every coalition from the terms of a tree game. A term (A, R, v) adds v to the
// margin of coalition S when A is inside S and R outside (a leaf that the explained row
// reaches through the splits of A and a background row through those of R). Over the d
// features that occur in the terms, a table holds the margin of all 2^d coalitions, built in
// O(terms + d 2^d): each term goes either straight to the 2^(d - |A u R|) coalitions it
// matches, or, when cheaper, by inclusion-exclusion over R ([S n R empty] = sum over Q in R of
// (-1)^|Q| [Q in S]) to 2^|R| entries of a table that one subset-sum pass then completes.

/** Terms of a game: care = A | R (the features a term depends on), on = A, value v. */
export interface Terms {
  care: Int32Array;
  on: Int32Array;
  value: Float64Array;
  length: number;
}

export function emptyTerms(): Terms {
  return { care: new Int32Array(64), on: new Int32Array(64), value: new Float64Array(64), length: 0 };
}

export function pushTerm(t: Terms, on: number, off: number, value: number): void {
  if (t.length === t.care.length) {
    const grow = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    t.care = grow(t.care);
    t.on = grow(t.on);
    t.value = grow(t.value);
  }
  t.care[t.length] = on | off;
  t.on[t.length] = on;
  t.value[t.length] = value;
  t.length++;
}

/** Margin of coalition S (over all varying features) from the terms directly: O(terms). */
export function sumTerms(t: Terms, S: number): number {
  let m = 0;
  for (let i = 0; i < t.length; i++) if ((S & t.care[i]!) === t.on[i]!) m += t.value[i]!;
  return m;
}

/** Set bits of a 32-bit mask (SWAR count). */
function popcount(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * Maps a coalition over all features to its index among the features of `span`: four
 * byte-wise lookups (a coalition is at most 30 bits).
 */
export class Compressor {
  readonly bits: number;
  private readonly lut = new Int32Array(4 * 256);

  constructor(readonly span: number) {
    const positions: number[] = [];
    for (let k = 0; k < 31; k++) if ((span >>> k) & 1) positions.push(k);
    this.bits = positions.length;
    positions.forEach((k, local) => {
      const byte = k >>> 3;
      for (let v = 0; v < 256; v++) if ((v >>> (k & 7)) & 1) this.lut[byte * 256 + v]! |= 1 << local;
    });
  }

  index(S: number): number {
    const l = this.lut;
    return l[S & 255]! | l[256 + ((S >>> 8) & 255)]! | l[512 + ((S >>> 16) & 255)]! | l[768 + ((S >>> 24) & 255)]!;
  }
}

/** Margins (constant included) of all coalitions of the span's features, indexed by Compressor.index. */
export function coalitionTable(t: Terms, compressor: Compressor, constant: number): Float64Array {
  const d = compressor.bits;
  const size = 1 << d;
  const full = size - 1;
  const direct = new Float64Array(size).fill(constant);
  const moebius = new Float64Array(size);
  let anyMoebius = false;
  for (let i = 0; i < t.length; i++) {
    const care = compressor.index(t.care[i]!);
    const on = compressor.index(t.on[i]!);
    const off = care ^ on;
    const free = full & ~care;
    const v = t.value[i]!;
    if (popcount(free) <= popcount(off)) {
      // Every S = on | (a subset of the free features).
      for (let sub = free; ; sub = (sub - 1) & free) {
        direct[on | sub]! += v;
        if (sub === 0) break;
      }
    } else {
      anyMoebius = true;
      for (let q = off; ; q = (q - 1) & off) {
        moebius[on | q]! += popcount(q) & 1 ? -v : v;
        if (q === 0) break;
      }
    }
  }
  if (anyMoebius) {
    // Subset sums: moebius[S] becomes the sum over U inside S of moebius[U].
    for (let bit = 1; bit < size; bit <<= 1) for (let S = 0; S < size; S++) if (S & bit) moebius[S]! += moebius[S ^ bit]!;
    for (let S = 0; S < size; S++) direct[S]! += moebius[S]!;
  }
  return direct;
}
