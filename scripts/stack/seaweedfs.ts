import path from 'node:path';
import { goBuildPinned } from './go-install.ts';
import { httpHealthy } from './http-health.ts';
import { paths, repoRoot } from './paths.ts';
import type { ServiceSpec } from './service.ts';
import type { StackConfig } from './stack-config.ts';

// SeaweedFS is pinned in a module of our own (go.mod and go.sum beside this file's folder) that
// repeats the `replace` its go.mod carries: `go install` refuses modules with replacements.
const moduleDir = path.join(repoRoot, 'scripts', 'stack', 'go', 'seaweedfs');

/** Builds the pinned SeaweedFS server into .cache/bin once (about five minutes on first use). */
export const ensureSeaweedfs = (): Promise<string> => goBuildPinned('weed', moduleDir, 'github.com/seaweedfs/seaweedfs/weed');

/**
 * The S3 server of the stack: SeaweedFS in its one-process mode (`weed mini`: master, volume
 * server, filer and S3 gateway), listening on loopback only. S3 answers on `s3Port`; its own
 * ports follow `s3ConsolePort` one by one. Its S3 gateway takes the stack's key pair as its one
 * identity, read from the AWS variables; the web admin UI, WebDAV and the Iceberg and Lance
 * endpoints stay off.
 */
export function seaweedfsService(config: StackConfig): ServiceSpec {
  const [master, volume, filer, masterGrpc, volumeGrpc, filerGrpc, s3Grpc, admin, adminGrpc] = Array.from({ length: 9 }, (_, i) => String(config.s3ConsolePort + i));
  return {
    name: 'seaweedfs',
    command: path.join(paths.bin, 'weed'),
    args: [
      'mini',
      `-dir=${paths.seaweedfsData}`,
      `-ip=${config.host}`,
      `-ip.bind=${config.host}`,
      `-master.port=${master}`,
      `-master.port.grpc=${masterGrpc}`,
      '-master.telemetry=false',
      `-volume.port=${volume}`,
      `-volume.port.grpc=${volumeGrpc}`,
      `-filer.port=${filer}`,
      `-filer.port.grpc=${filerGrpc}`,
      `-s3.port=${config.s3Port}`,
      `-s3.port.grpc=${s3Grpc}`,
      '-s3.port.iceberg=0',
      '-s3.port.lance=0',
      '-webdav=false',
      '-admin.ui=false',
      `-admin.port=${admin}`,
      `-admin.port.grpc=${adminGrpc}`,
      '-admin.port.legacy=0',
    ],
    env: { AWS_ACCESS_KEY_ID: config.s3User, AWS_SECRET_ACCESS_KEY: config.s3Password },
    healthy: () => httpHealthy(`http://${config.host}:${config.s3Port}/healthz`),
    startTimeoutMs: 60_000,
  };
}
