import type { ObjectStore, Pool } from '@tabular-ct/platform';
import { archivePrefix } from '../archive-key.ts';

/**
 * Removes what collect and preprocess stored for one group of a dataset: its CLEAN batches
 * (rows, rejects, duplicates and profiles go with them), its RAW deliveries and rows, and its
 * archived payloads. For a test's or a benchmark's own group, before and after it runs.
 */
export async function forgetGroup(where: { rawPool: Pool; cleanPool: Pool; store: ObjectStore }, dataset: string, group: number): Promise<void> {
  await where.cleanPool.query('DELETE FROM clean_batches WHERE dataset = $1 AND group_number = $2', [dataset, group]);
  await where.rawPool.query('DELETE FROM batches WHERE dataset = $1 AND group_number = $2', [dataset, group]);
  for (const o of await where.store.list(archivePrefix(dataset, group))) await where.store.delete(o.key);
}
