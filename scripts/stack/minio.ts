import path from 'node:path';
import { goInstall } from './go-install.ts';
import { paths } from './paths.ts';
import { httpHealthy } from './http-health.ts';
import type { ServiceSpec } from './service.ts';
import type { StackConfig } from './stack-config.ts';

// MinIO ships source only since its community edition went into maintenance; the Go module
// proxy serves it under a pseudo-version. This one is the newest commit, built and checked here.
const MINIO_MODULE = 'github.com/minio/minio';
const MINIO_VERSION = 'v0.0.0-20260212201848-7aac2a2c5b7c';

const minioBinary = path.join(paths.bin, 'minio');

/** Builds the pinned MinIO server into .cache/bin once (a few minutes on first use). */
export const ensureMinio = (): Promise<string> => goInstall('minio', MINIO_MODULE, MINIO_VERSION);

/** The S3-compatible object store of the stack. */
export function minioService(config: StackConfig): ServiceSpec {
  return {
    name: 'minio',
    command: minioBinary,
    args: [
      'server',
      paths.minioData,
      '--address',
      `${config.host}:${config.s3Port}`,
      '--console-address',
      `${config.host}:${config.s3ConsolePort}`,
      '--quiet',
    ],
    env: {
      MINIO_ROOT_USER: config.s3User,
      MINIO_ROOT_PASSWORD: config.s3Password,
      MINIO_BROWSER: 'off',
      MINIO_UPDATE: 'off',
    },
    healthy: () => httpHealthy(`http://${config.host}:${config.s3Port}/minio/health/live`),
    startTimeoutMs: 60_000,
  };
}
