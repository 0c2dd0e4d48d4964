import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerClientError } from './client-error.ts';
import type { Log } from './error-reply.ts';
import type { RequestListener } from './router.ts';

interface ServeOptions {
  port: number;
  host: string;
  log: Log;
  name: string;
}

export interface RunningServer {
  url: string;
  /** Stops accepting and resolves once in-flight requests have finished (or DRAIN_MS has passed). */
  close(): Promise<void>;
}

// How long in-flight requests may take to finish once closing starts; then their connections are cut.
const DRAIN_MS = 25_000;

/** Listens on `port` and answers through `listener`; no failure of a request stops the process. */
export async function serve(listener: RequestListener, options: ServeOptions): Promise<RunningServer> {
  const server = createServer((req, res) => {
    // The router answers every failure it sees; this catches what escapes it, so that no
    // request can stop the process with an unhandled rejection.
    listener(req, res).catch((error: unknown) => {
      options.log({ level: 'error', fn: options.name, msg: `request failed outside the router: ${(error as Error).message}`, stack: (error as Error).stack });
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: { code: 'internal', message: 'internal error' } }));
    });
  });
  server.on('clientError', answerClientError);
  // Knative's queue-proxy keeps connections alive; a longer idle timeout than its own avoids resets.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host}:${port}`;
  options.log({ level: 'info', fn: options.name, msg: `listening on ${url}` });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
      await drained;
      clearTimeout(timer);
    })());
  return { url, close };
}
