import { AppError, mlflowListArtifactsResponse, type MlflowFileInfo } from '@tabular-ct/core';
import type { Readable } from 'node:stream';
import { artifactPath, artifactRoute } from './artifact-path.ts';
import type { MlflowHttp, StreamBody } from './http.ts';

/**
 * Artifacts through MLflow's proxy (`mlflow server` serving `--artifacts-destination`), so
 * callers need no S3 credentials. Each method takes an `mlflow-artifacts:` URI (a run's or a
 * logged model's artifact_uri, a version's download URI) and a path below it.
 */
export interface MlflowArtifacts {
  /** Uploads one file; a stream is sent as it is read, never held whole in memory. */
  upload(uri: string, path: string, body: StreamBody): Promise<void>;
  /** One file as a stream, read as it arrives: for model files of any size. */
  downloadStream(uri: string, path?: string): Promise<Readable>;
  /** One file in memory: for the small ones (MLmodel, JSON). */
  download(uri: string, path?: string): Promise<Buffer>;
  /** The entries of a directory, paths relative to it; empty when it does not exist. */
  list(uri: string, path?: string): Promise<MlflowFileInfo[]>;
}

/**
 * MLflow 3.18, like 3.17, over an S3 destination answers a missing file with 500
 * INTERNAL_ERROR whose message carries S3's "An error occurred (404) when calling the
 * HeadObject operation: Not Found"; over a local directory it answers
 * RESOURCE_DOES_NOT_EXIST. Both mean not_found.
 */
function missingFile(error: unknown, path: string): unknown {
  if (error instanceof AppError && error.code === 'upstream_error' && /An error occurred \((404|NoSuchKey)\)/.test(error.message)) {
    return new AppError('not_found', `MLflow has no artifact ${path}`, error.details, { cause: error });
  }
  return error;
}

export function createArtifacts(http: MlflowHttp): MlflowArtifacts {
  const downloadStream = async (uri: string, path = ''): Promise<Readable> => {
    const full = artifactPath(uri, path);
    try {
      return await http.getStream(artifactRoute(full));
    } catch (error) {
      throw missingFile(error, full);
    }
  };
  return {
    upload: (uri, path, body) => http.put(artifactRoute(artifactPath(uri, path)), body),
    downloadStream,
    async download(uri, path) {
      const chunks: Buffer[] = [];
      for await (const chunk of await downloadStream(uri, path)) chunks.push(Buffer.from(chunk as Uint8Array));
      return Buffer.concat(chunks);
    },
    async list(uri, path) {
      const answer = await http.json('GET', 'mlflow-artifacts/artifacts', mlflowListArtifactsResponse, { query: { path: artifactPath(uri, path) } });
      return answer.files ?? [];
    },
  };
}
