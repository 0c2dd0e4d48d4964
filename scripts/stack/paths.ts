import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root, whatever the working directory. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Everything the stack installs, builds or stores lives here, ignored by git. */
export const cacheDir = process.env.TABULAR_CT_CACHE ?? path.join(repoRoot, '.cache');

export const paths = {
  venv: path.join(cacheDir, 'venv'),
  python: path.join(cacheDir, 'venv', 'bin', 'python'),
  bin: path.join(cacheDir, 'bin'),
  run: path.join(cacheDir, 'stack', 'run'),
  logs: path.join(cacheDir, 'stack', 'logs'),
  pgData: path.join(cacheDir, 'stack', 'postgres'),
  minioData: path.join(cacheDir, 'stack', 'minio'),
  seaweedfsData: path.join(cacheDir, 'stack', 'seaweedfs'),
  airflowHome: path.join(cacheDir, 'stack', 'airflow'),
  requirementsLock: path.join(repoRoot, 'python', 'requirements.lock'),
  datasets: process.env.DATASETS_DIR ?? path.resolve(repoRoot, '..', 'shared', 'datasets'),
};
