import { AppError, type CollectRequest, type CollectResponse, type DataApiBatch, type DataApiConfig } from '@tabular-ct/core';
import { fetchBatch, findRawBatch, insertRawBatch, rawBatchNumbers, type Log, type ObjectStore, type Pool } from '@tabular-ct/platform';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { archiveKey, archivePrefix, batchId, parseArchiveKey } from './archive-key.ts';

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
 * archiving and committing. The data API's cursor has moved past it, so the archive is
 * the only copy: it is completed before anything new is fetched.
 */
async function pendingArchive(deps: CollectDeps, dataset: string, group: number): Promise<Payload | undefined> {
  const archived = (await deps.store.list(archivePrefix(dataset, group)))
    .map((o) => ({ key: o.key, ...parseArchiveKey(o.key) }))
    .filter((o): o is { key: string; batchNumber: number; sha256: string } => o.batchNumber !== undefined);
  if (archived.length === 0) return undefined;
  const committed = new Set(await rawBatchNumbers(deps.rawPool, dataset, group));
  const pending = archived.filter((o) => !committed.has(o.batchNumber)).sort((a, b) => a.batchNumber - b.batchNumber)[0];
  if (!pending) return undefined;
  const bytes = await promisify(gunzip)(await deps.store.get(pending.key));
  const batch = JSON.parse(bytes.toString('utf8')) as DataApiBatch;
  return { batch, bytes, sha256: sha256(bytes), recovered: true };
}

/**
 * Collects the next batch of a group: fetch (or recover an archived one), then archive the
 * compressed payload, then write every row to RAW in one transaction. Safe to retry: a
 * batch RAW already holds is answered `already_collected` and nothing is written.
 */
export async function collectBatch(deps: CollectDeps, request: CollectRequest): Promise<CollectResponse> {
  const { dataset, group_number: group } = request;
  let payload = await pendingArchive(deps, dataset, group);
  if (!payload) {
    const fetched = await fetchBatch(request.source_url, group, request.day, { ...deps.dataApi, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
    if (fetched.kind === 'exhausted') {
      return { status: 'exhausted', dataset, group_number: group, detail: 'the data API has delivered every batch of this group' };
    }
    payload = { batch: fetched.batch, bytes: fetched.bytes, sha256: sha256(fetched.bytes), recovered: false };
  }
  const { batch } = payload;
  if (batch.group_number !== group) {
    throw new AppError('upstream_error', `asked the data API for group ${group} and got group ${batch.group_number}`);
  }
  const id = batchId(dataset, group, batch.batch_number);
  const key = archiveKey(dataset, group, batch.batch_number, payload.sha256);
  const answer = (status: CollectResponse['status'], rows: number): CollectResponse => ({
    status,
    dataset,
    group_number: group,
    batch_id: id,
    batch_number: batch.batch_number,
    rows,
    payload_sha256: payload.sha256,
    archive_key: key,
    ...(payload.recovered ? { recovered: true } : {}),
  });

  const existing = await findRawBatch(deps.rawPool, dataset, group, batch.batch_number);
  if (existing) return sameOrConflict(existing.payload_sha256, payload.sha256, id, () => answer('already_collected', existing.row_count));

  // The archive uploads while the rows are written; the commit waits for it, so RAW never
  // holds a batch whose payload is not archived, and neither step waits for the other.
  const archived = payload.recovered
    ? Promise.resolve()
    : promisify(gzip)(payload.bytes, { level: ARCHIVE_GZIP_LEVEL }).then((gz) => deps.store.put(key, gz, { contentType: 'application/gzip' }));
  archived.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  const outcome = await insertRawBatch(
    deps.rawPool,
    { batch_id: id, dataset, group_number: group, batch_number: batch.batch_number, source_url: request.source_url, row_count: batch.data.length, payload_sha256: payload.sha256, archive_key: key },
    batch.data,
    () => archived,
  ).finally(() => archived.catch(() => undefined));
  if (outcome === 'exists') {
    // A concurrent collect of the same batch committed first.
    const winner = await findRawBatch(deps.rawPool, dataset, group, batch.batch_number);
    return sameOrConflict(winner?.payload_sha256 ?? '', payload.sha256, id, () => answer('already_collected', batch.data.length));
  }
  deps.log({ level: 'info', fn: 'collect', msg: `collected ${id}`, rows: batch.data.length, recovered: payload.recovered });
  return answer('collected', batch.data.length);
}

function sameOrConflict(stored: string, received: string, id: string, same: () => CollectResponse): CollectResponse {
  if (stored === received) return same();
  throw new AppError('conflict', `batch ${id} was collected before with different content`, { stored_sha256: stored, received_sha256: received });
}
