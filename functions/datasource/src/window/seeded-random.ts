import { hash53 } from '@tabular-ct/core';

const TWO_POW_32 = 2 ** 32;
// sfc32's authors start it with a counter and discard its first outputs, so that similar
// seeds (keys that differ in one character) give unrelated sequences.
const WARM_UP = 15;

/**
 * A deterministic generator of numbers in [0, 1) for a key: sfc32 (Chris Doty-Humphrey's
 * small fast counting generator, PractRand-clean) seeded from the key's 53-bit hash. The
 * same key gives the same sequence in every process and version; not for secrets.
 */
export function seededRandom(key: string): () => number {
  const h = hash53(key);
  let a = h >>> 0;
  let b = Math.floor(h / TWO_POW_32);
  let c = 0x9e3779b9;
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / TWO_POW_32;
  };
  for (let i = 0; i < WARM_UP; i++) next();
  return next;
}
