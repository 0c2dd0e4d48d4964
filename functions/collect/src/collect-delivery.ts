import { AppError, type CollectedDelivery, type CollectRequest, type DataApiBatch, type DataApiConfig } from '@tabular-ct/core';
import { fetchBatch, findRawDelivery, insertRawBatch, rawDeliveryContents, type Log, type ObjectStore, type Pool, type RawBatch } from '@tabular-ct/platform';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { archiveKey, archivePrefix, parseArchiveKey } from './archive-key.ts';

export interface CollectDeps {
  rawPool: Pool;
  store: ObjectStore;
  dataApi: DataApiConfig;
  log: Log;
  fetch?: typeof fetch;
}

interface Payload {
  batch: DataApiBatch;
  bytes: Buffer;
  sha256: string;
  recovered: boolean;
}

// On a 70 MB realtor-shaped batch, level 3 took 0.44 s for 13.0 MB and zlib's default 6 took
// 0.84 s for 11.1 MB: the archive is written once and rarely read, speed wins.
const ARCHIVE_GZIP_LEVEL = 3;

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * An archived payload whose rows never reached RAW: an earlier collect crashed between
 * archiving and committing. The data API has moved past it (or will not answer the same
 * sample again), so the archive is the only copy: it is completed before anything new is fetched.
 */
async function pendingArchive(deps: CollectDeps, dataset: string, group: number): Promise<Payload | undefined> {
  const archived = (await deps.store.list(archivePrefix(dataset, group)))
    .map((o) => ({ key: o.key, ...parseArchiveKey(o.key) }))
    .filter((o): o is { key: string; batchNumber: number; sha256: string } => o.batchNumber !== undefined);
  if (archived.length === 0) return undefined;
  const committed = new Set((await rawDeliveryContents(deps.rawPool, dataset, group)).map((d) => `${d.batch_number}-${d.payload_sha256}`));
  const pending = archived.filter((o) => !committed.has(`${o.batchNumber}-${o.sha256}`)).sort((a, b) => a.batchNumber - b.batchNumber)[0];
  if (!pending) return undefined;
  const bytes = await promisify(gunzip)(await deps.store.get(pending.key));
  const batch = JSON.parse(bytes.toString('utf8')) as DataApiBatch;
  return { batch, bytes, sha256: sha256(bytes), recovered: true };
}

const described = (status: CollectedDelivery['status'], stored: RawBatch, recovered: boolean): CollectedDelivery => ({
  status,
  batch_id: stored.batch_id,
  batch_number: stored.batch_number,
  delivery: stored.delivery,
  rows: stored.row_count,
  payload_sha256: stored.payload_sha256,
  archive_key: stored.archive_key,
  ...(recovered ? { recovered: true } : {}),
});

/**
 * One call of the data API stored as one delivery: fetch (or recover an archived answer),
 * archive the compressed payload, and write every row to RAW in one transaction. An answer
 * RAW already holds (the same batch number with the same content: a retry, or a replay
 * after the API restarted) is `already_collected` and nothing is written; the same batch
 * number with other content (another sample of a time-windowed batch) is a new delivery.
 * `recover` looks for an archive a crashed collect left first (a listing of the group's
 * archives and a query of RAW): once a call found none, the rest of a request skips it.
 */
export async function collectDelivery(deps: CollectDeps, request: CollectRequest, recover = true): Promise<CollectedDelivery | 'exhausted'> {
  const { dataset, group_number: group } = request;
  let payload = recover ? await pendingArchive(deps, dataset, group) : undefined;
  if (!payload) {
    const fetched = await fetchBatch(request.source_url, group, request.day, { ...deps.dataApi, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
    if (fetched.kind === 'exhausted') return 'exhausted';
    payload = { batch: fetched.batch, bytes: fetched.bytes, sha256: sha256(fetched.bytes), recovered: false };
  }
  const { batch, recovered } = payload;
  if (batch.group_number !== group) {
    throw new AppError('upstream_error', `asked the data API for group ${group} and got group ${batch.group_number}`);
  }
  const stored = await findRawDelivery(deps.rawPool, dataset, group, batch.batch_number, payload.sha256);
  if (stored) return described('already_collected', stored, recovered);

  const key = archiveKey(dataset, group, batch.batch_number, payload.sha256);
  // The archive uploads while the rows are written; the commit waits for it, so RAW never
  // holds a delivery whose payload is not archived, and neither step waits for the other.
  const bytes = payload.bytes;
  const archived = recovered
    ? Promise.resolve()
    : promisify(gzip)(bytes, { level: ARCHIVE_GZIP_LEVEL }).then((gz) => deps.store.put(key, gz, { contentType: 'application/gzip' }));
  archived.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  const written = await insertRawBatch(
    deps.rawPool,
    { dataset, group_number: group, batch_number: batch.batch_number, source_url: request.source_url, payload_sha256: payload.sha256, archive_key: key },
    batch.data,
    () => archived,
  ).finally(() => archived.catch(() => undefined));
  // 'exists': a concurrent collect committed the same answer first.
  if (written.outcome === 'exists') return described('already_collected', written.batch, recovered);
  deps.log({ level: 'info', fn: 'collect', msg: `collected ${written.batch.batch_id}`, rows: batch.data.length, recovered });
  return described('collected', written.batch, recovered);
}

