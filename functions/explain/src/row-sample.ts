/**
 * At most `size` rows, evenly spaced: deterministic (the same request ranks the same rows,
 * and two versions compared see the same ones) and spread over every batch, since CLEAN
 * returns rows batch by batch.
 */
export function evenlySpaced<T>(rows: readonly T[], size: number): T[] {
  if (rows.length <= size) return [...rows];
  return Array.from({ length: size }, (_, i) => rows[Math.floor((i * rows.length) / size)]!);
}

/** The batches of several versions, each once, in the order first seen. */
export function unionOfBatches(lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())];
}
