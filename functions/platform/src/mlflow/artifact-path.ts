import { AppError } from '@tabular-ct/core';

/**
 * The path, relative to the server's artifact root, of an `mlflow-artifacts:` URI: what the
 * artifact proxy (`/api/2.0/mlflow-artifacts/artifacts/<path>`) takes. Both forms MLflow
 * writes are accepted: `mlflow-artifacts:/1/abc/artifacts` and
 * `mlflow-artifacts://host:port/1/abc/artifacts` (the host is the server we already talk to).
 * `relative` is joined below it. Any other scheme means the server does not serve artifacts
 * (started without `--artifacts-destination`), which clients without S3 keys cannot use.
 */
export function artifactPath(uri: string, relative = ''): string {
  const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/*(.*)$/.exec(uri);
  if (match === null) {
    throw new AppError('upstream_error', `artifact URI ${uri} is not served through MLflow (expected mlflow-artifacts:/...)`, { uri });
  }
  const parts = [...(match[1] ?? '').split('/'), ...relative.split('/')].filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new AppError('invalid_request', `artifact path ${relative} leaves ${uri}`, { uri, relative });
  return parts.join('/');
}

/** The proxy route of an artifact path, each segment URL-encoded (names may hold spaces, #, ?). */
export const artifactRoute = (path: string): string => `mlflow-artifacts/artifacts/${path.split('/').map(encodeURIComponent).join('/')}`;
