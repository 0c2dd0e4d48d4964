/**
 * A seeded generator of uniform numbers in [0, 1): a counter passed through a 32-bit
 * avalanche hash, so a seed always gives the same sequence on every platform.
 */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    z ^= z >>> 15;
    return (z >>> 0) / 4294967296;
  };
}

/** k distinct indices of 0..n-1 in increasing order, drawn with a partial Fisher-Yates shuffle. */
export function sampleIndices(n: number, k: number, rng: () => number): Uint32Array {
  const all = new Uint32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const m = Math.min(k, n);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = all[i]!;
    all[i] = all[j]!;
    all[j] = t;
  }
  return all.subarray(0, m).sort();
}
