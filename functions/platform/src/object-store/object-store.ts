import type { Readable } from 'node:stream';

export interface StoredObject {
  key: string;
  size: number;
}

export type ObjectBody = Uint8Array | string | Readable;

/**
 * Where the platform keeps archived payloads, training snapshots and model files.
 * Implementations: S3 (SeaweedFS locally, any S3 API in a cluster) and a directory on disk.
 * Failures are thrown as AppError: `not_found` for a missing key, `upstream_unavailable`
 * when the store cannot be reached, so the HTTP wrapper renders them without translation.
 */
export interface ObjectStore {
  /** Creates the bucket (or directory) when it is missing; does nothing otherwise. */
  ensureBucket(): Promise<void>;
  /** Writes an object; a stream is uploaded in parts, never held whole in memory. */
  put(key: string, body: ObjectBody, options?: { contentType?: string }): Promise<void>;
  get(key: string): Promise<Buffer>;
  getStream(key: string): Promise<Readable>;
  /** Size of the object, or undefined when there is none. */
  head(key: string): Promise<StoredObject | undefined>;
  /** Every object whose key starts with `prefix`, in key order. */
  list(prefix: string): Promise<StoredObject[]>;
  delete(key: string): Promise<void>;
}
