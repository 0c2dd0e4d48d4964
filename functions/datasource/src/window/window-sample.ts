import { seededRandom } from './seeded-random.ts';

/** What a window-mode sample depends on, and nothing else: the same key always draws the same rows. */
export interface SampleKey {
  /** DATASOURCE_SAMPLE_SEED. */
  seed: string;
  dataset: string;
  group: number;
  batch: number;
  /** The call's index within the batch's window, from 0: each call of a window draws anew. */
  callIndex: number;
}

/** Rows one call answers from a batch of `rowCount`: max(1, round(share x rows)), halves rounded up; none from an empty batch. */
export function sampleSize(rowCount: number, share: number): number {
  return rowCount === 0 ? 0 : Math.min(rowCount, Math.max(1, Math.round(share * rowCount)));
}

/**
 * `size` of `rows` drawn without replacement, in the order drawn: a partial Fisher-Yates
 * shuffle of a copy, stopped after `size` swaps. `random()` * remaining picks the index; its
 * bias, at most remaining / 2^32, is nothing at batch sizes.
 */
export function sampleRows(rows: Uint32Array, size: number, random: () => number): Uint32Array {
  const pool = rows.slice();
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    const picked = pool[j] as number;
    pool[j] = pool[i] as number;
    pool[i] = picked;
  }
  return pool.subarray(0, size);
}

/** The rows a window-mode call answers: a sample of the batch seeded by its key. */
export function windowSample(rows: Uint32Array, share: number, key: SampleKey): Uint32Array {
  // NUL cannot occur in an environment variable or a dataset name, so no two keys join alike.
  const text = [key.seed, key.dataset, key.group, key.batch, key.callIndex].join('\u0000');
  return sampleRows(rows, sampleSize(rows.length, share), seededRandom(text));
}
