import { hash53 } from '@tabular-ct/core';

const TWO_POW_32 = 2 ** 32;
// sfc32's authors start it with a counter and discard its first outputs, so that similar
// seeds (keys that differ in one character) give unrelated sequences.
const WARM_UP = 15;

/** sfc32's four 32-bit words, a, b, c and d. */
type State = Int32Array;

/** sfc32's next number in [0, 1), moving the state on. */
function step(s: State): number {
  const a = s[0] as number;
  const b = s[1] as number;
  const c = s[2] as number;
  const t = (((a + b) | 0) + (s[3] as number)) | 0;
  s[3] = ((s[3] as number) + 1) | 0;
  s[0] = b ^ (b >>> 9);
  s[1] = (c + (c << 3)) | 0;
  s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
  return (t >>> 0) / TWO_POW_32;
}

/** Sets `s` to the start of the key's sequence: seeded from its 53-bit hash, warmed up. */
function seed(key: string, s: State): State {
  const h = hash53(key);
  s[0] = h >>> 0;
  s[1] = Math.floor(h / TWO_POW_32);
  s[2] = 0x9e3779b9;
  s[3] = 1;
  for (let i = 0; i < WARM_UP; i++) step(s);
  return s;
}

/**
 * A deterministic generator of numbers in [0, 1) for a key: sfc32 (Chris Doty-Humphrey's
 * small fast counting generator, PractRand-clean) seeded from the key's 53-bit hash. The
 * same key gives the same sequence in every process and version; not for secrets.
 */
export function seededRandom(key: string): () => number {
  const s = seed(key, new Int32Array(4));
  return () => step(s);
}

// One state for seededNumbers, which finishes with it before it returns.
const scratch = new Int32Array(4);

/**
 * The first `out.length` numbers of seededRandom(key), into `out`, without making a
 * generator: for a few numbers per row over a million rows, where making a closure per row
 * would cost more than the numbers.
 */
export function seededNumbers(key: string, out: Float64Array): Float64Array {
  const s = seed(key, scratch);
  for (let i = 0; i < out.length; i++) out[i] = step(s);
  return out;
}
