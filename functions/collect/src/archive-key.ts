/**
 * Where a delivery's compressed payload is archived: one key per dataset, group, batch
 * number and content, so archiving the same payload twice writes the same object, and two
 * samples of one batch (a time-windowed data API) are two objects.
 */
export const archivePrefix = (dataset: string, group: number): string => `raw/${dataset}/group-${group}/`;

export const archiveKey = (dataset: string, group: number, batchNumber: number, sha256: string): string =>
  `${archivePrefix(dataset, group)}batch-${batchNumber}-${sha256}.json.gz`;

/** The batch number and digest an archive key names, or undefined for any other object. */
export function parseArchiveKey(key: string): { batchNumber: number; sha256: string } | undefined {
  const m = /\/batch-(\d+)-([0-9a-f]{64})\.json\.gz$/.exec(key);
  return m ? { batchNumber: Number(m[1]), sha256: m[2] as string } : undefined;
}
