import type { DatasetSpec } from './dataset-spec.ts';
import { rowContentKey, type CleanRow } from './clean-row.ts';

export type Split = 'train' | 'validation' | 'test';

/**
 * A 53-bit string hash (two 32-bit multiply-xorshift lanes): stable across processes,
 * platforms and versions, which is all a split needs; not a cryptographic digest.
 */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const TWO_POW_53 = 2 ** 53;

/**
 * The row's group key (the patient, the house) as text, or undefined when every part of it is
 * missing: rows sharing it are one group wherever rows are divided (splits, folds).
 */
export function groupKeyOf(spec: DatasetSpec, values: Readonly<Record<string, unknown>>): string | undefined {
  const parts = spec.split.groupKey.map((k) => values[k] ?? null);
  return parts.every((p) => p === null) ? undefined : JSON.stringify(parts);
}

/**
 * Train, validation or test, from a hash of the row's group key (the patient, the house),
 * so the same group lands in the same split in every batch and every run. A row whose
 * key is entirely missing falls back to its content.
 */
export function assignSplit(spec: DatasetSpec, row: CleanRow): Split {
  const key = groupKeyOf(spec, row.values) ?? rowContentKey(spec, row);
  const u = hash53(`${spec.name}\u0000${key}`) / TWO_POW_53;
  const { train, validation } = spec.split.shares;
  return u < train ? 'train' : u < train + validation ? 'validation' : 'test';
}
