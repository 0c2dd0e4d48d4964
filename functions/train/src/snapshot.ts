import type { CleanValue } from '@tabular-ct/core';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { SplitRow } from './feature-table.ts';

/** A training row as the snapshot records it: where it came from, its split, its values. */
export type SnapshotRow = SplitRow & { batch_id: string; row_index: number };

interface Snapshot {
  /** sha256 (hex) of the uncompressed JSON lines: the identity of the training data. */
  digest: string;
  /** Object-store key, content-addressed: the same rows always land on the same key. */
  key: string;
  /** The gzipped JSON lines. */
  body: Buffer;
  rows: number;
}

/** One row as one line of JSON, keys in a fixed order (features sorted by name), so equal rows give equal bytes. */
export function snapshotLine(row: SnapshotRow): string {
  const features: Record<string, CleanValue> = {};
  for (const name of Object.keys(row.features).sort()) features[name] = row.features[name] ?? null;
  return JSON.stringify({ batch_id: row.batch_id, row_index: row.row_index, split: row.split, features, target: row.target }) + '\n';
}

/** Where a dataset's snapshot with this digest is kept. */
const snapshotKey = (dataset: string, digest: string): string => `snapshots/${dataset}/${digest}.jsonl.gz`;

/**
 * The exact rows a model was trained, stopped and tested on, in the order given (CLEAN's
 * stable order: batch, then row index), as gzipped JSON lines. The digest is of the
 * uncompressed lines, so it names the data, not one compressor's output of it. Held in
 * memory: diabetes' 64k cumulative rows are 72 MB of JSON and 3.5 MB gzipped, and the
 * key (the digest) is known only once every line is written.
 */
export function buildSnapshot(dataset: string, rows: readonly SnapshotRow[]): Snapshot {
  const hash = createHash('sha256');
  const parts: Buffer[] = [];
  for (const row of rows) {
    const line = Buffer.from(snapshotLine(row), 'utf8');
    hash.update(line);
    parts.push(line);
  }
  const digest = hash.digest('hex');
  return { digest, key: snapshotKey(dataset, digest), body: gzipSync(Buffer.concat(parts)), rows: rows.length };
}
