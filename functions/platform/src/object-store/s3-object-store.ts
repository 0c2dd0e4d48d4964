import type * as S3 from '@aws-sdk/client-s3';
import type * as LibStorage from '@aws-sdk/lib-storage';
import { AppError, type ObjectStoreConfig } from '@tabular-ct/core';
import { Readable } from 'node:stream';
import type { ObjectBody, ObjectStore, StoredObject } from './object-store.ts';

// Multipart uploads hold at most PART_SIZE * QUEUE_SIZE bytes of a stream in memory.
const PART_SIZE = 5 * 1024 * 1024; // the smallest part S3 accepts
const QUEUE_SIZE = 2;

const isNotFound = (error: unknown): boolean => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.name === 'NoSuchBucket' || e.$metadata?.httpStatusCode === 404;
};

function s3Error(error: unknown, what: string, endpoint: string): AppError {
  if (error instanceof AppError) return error;
  const e = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (isNotFound(error)) return new AppError('not_found', `${what}: not found`, undefined, { cause: error });
  const status = e.$metadata?.httpStatusCode;
  if (status === undefined || status >= 500 || e.name === 'TimeoutError' || e.code === 'ECONNREFUSED') {
    return new AppError(
      'upstream_unavailable',
      `object store ${endpoint || 'S3'} unavailable (${what}): ${e.code ?? e.name ?? 'error'} ${e.message ?? ''}`.trim(),
      { code: e.code ?? e.name },
      { cause: error },
    );
  }
  return new AppError('upstream_error', `object store refused ${what}: ${e.name ?? status}`, { status }, { cause: error });
}

/**
 * The object store on any S3 API: SeaweedFS in the local stack, S3 or a compatible server in a cluster.
 * The AWS SDK is loaded on first use: loading it takes 50-100 ms of a function's cold start, and
 * the predictor needs the store only for the inference log's dead letters (docs/benchmarks.md,
 * "Serving and explanations").
 */
export function createS3ObjectStore(config: ObjectStoreConfig): ObjectStore {
  let sdk: Promise<{ client: S3.S3Client; s3: typeof S3; Upload: typeof LibStorage.Upload }> | undefined;
  const connect = () =>
    (sdk ??= Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage')]).then(([s3, { Upload }]) => ({
      s3,
      Upload,
      client: new s3.S3Client({
        region: config.region,
        ...(config.endpoint ? { endpoint: config.endpoint, forcePathStyle: true } : {}),
        credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
        requestHandler: { connectionTimeout: Math.min(config.timeoutMs, 5_000), requestTimeout: config.timeoutMs },
        maxAttempts: 3,
      }),
    })));
  const Bucket = config.bucket;
  const fail = (error: unknown, what: string): AppError => s3Error(error, what, config.endpoint);
  const attempt = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw fail(error, what);
    }
  };

  return {
    async ensureBucket() {
      const { client, s3 } = await connect();
      try {
        await client.send(new s3.HeadBucketCommand({ Bucket }));
      } catch (error) {
        if (!isNotFound(error)) throw fail(error, `bucket ${Bucket}`);
        try {
          await client.send(new s3.CreateBucketCommand({ Bucket }));
        } catch (createError) {
          // Another process created it between our two calls: that is what we wanted.
          const name = (createError as { name?: string }).name;
          if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw fail(createError, `create bucket ${Bucket}`);
        }
      }
    },

    async put(key, body: ObjectBody, options = {}) {
      const { client, Upload } = await connect();
      const upload = () =>
        new Upload({
          client,
          params: { Bucket, Key: key, Body: body, ContentType: options.contentType },
          partSize: PART_SIZE,
          queueSize: QUEUE_SIZE,
          leavePartsOnError: false,
        });
      await attempt(`put ${key}`, () => upload().done());
    },

    async get(key) {
      const stream = await this.getStream(key);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },

    async getStream(key) {
      const { client, s3 } = await connect();
      const out = await attempt(`get ${key}`, () => client.send(new s3.GetObjectCommand({ Bucket, Key: key })));
      if (!(out.Body instanceof Readable)) throw new AppError('internal', `get ${key}: no body stream`);
      return out.Body;
    },

    async head(key) {
      const { client, s3 } = await connect();
      try {
        const out = await client.send(new s3.HeadObjectCommand({ Bucket, Key: key }));
        return { key, size: out.ContentLength ?? 0 };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw fail(error, `head ${key}`);
      }
    },

    async list(prefix) {
      const { client, s3 } = await connect();
      const found: StoredObject[] = [];
      let token: string | undefined;
      do {
        const page = await attempt(`list ${prefix}`, () => client.send(new s3.ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken: token })));
        for (const o of page.Contents ?? []) if (o.Key) found.push({ key: o.Key, size: o.Size ?? 0 });
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },

    async delete(key) {
      const { client, s3 } = await connect();
      await attempt(`delete ${key}`, () => client.send(new s3.DeleteObjectCommand({ Bucket, Key: key })));
    },
  };
}
