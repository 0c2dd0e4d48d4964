import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { venvBin } from '../stack/python-env.ts';
import { renderedConfigMapFile } from './chart-files.ts';

// A bucket of the test's own on the stack's MinIO, removed afterwards.
const BUCKET = `deploy-bucket-job-${process.pid}`;

describe('the chart\'s bucket Job script on the real object store', () => {
  const env = inject('stackEnv');
  let dir = '';

  // The Job's environment: the functions' ConfigMap and the Secret's keys.
  const jobEnv = { ...process.env, S3_BUCKET: BUCKET, S3_ENDPOINT_URL: env.S3_ENDPOINT_URL, S3_REGION: env.S3_REGION, AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY };

  afterAll(async () => {
    // The platform's object store has no bucket deletion (nothing in the product removes one): boto3 does it.
    const code = "import os, boto3; boto3.client('s3', endpoint_url=os.environ['S3_ENDPOINT_URL'], region_name=os.environ['S3_REGION']).delete_bucket(Bucket=os.environ['S3_BUCKET'])";
    spawnSync(venvBin('python'), ['-c', code], { env: jobEnv });
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('creates the bucket when missing, then finds it', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tabular-ct-bucket-job-'));
    const script = path.join(dir, 'ensure_bucket.py');
    await writeFile(script, await renderedConfigMapFile('bucket-job.yaml', 'ensure_bucket.py'));
    const run = () => spawnSync(venvBin('python'), [script], { env: jobEnv, encoding: 'utf8' });
    const first = run();
    expect(first.stderr).toBe('');
    expect(first.stdout.trim()).toBe(`bucket ${BUCKET} created`);
    const second = run();
    expect(second.stdout.trim()).toBe(`bucket ${BUCKET} exists`);
  });
});
