/**
 * The web UI's static server, run as a stack service: serves the built app (UI_DIST) and a
 * config.json made from UI_CONFIG, the running functions' addresses. node:http only: the
 * app is a handful of files, and any static server (nginx in a cluster) can host it too.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { answerClientError } from '../../functions/platform/src/http/client-error.ts';

const root = path.resolve(process.env.UI_DIST ?? 'frontend/dist');
const config = process.env.UI_CONFIG ?? '{}';
const port = Number(process.env.PORT ?? 8120);
const host = process.env.HOST ?? '127.0.0.1';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/** The file a path names inside the build folder, or undefined for a path that names none (bad encoding, ../). */
function fileOf(pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const file = path.join(root, pathname === '/' ? 'index.html' : decoded);
  // Nothing outside the build folder is served, whatever ../ the path holds.
  return file.startsWith(root + path.sep) ? file : undefined;
}

async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://ui');
  } catch {
    res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"code":"invalid_request","message":"the request target is not a path"}}');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  if (url.pathname === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  if (url.pathname === '/config.json') {
    res.writeHead(200, { 'content-type': types['.json'] ?? '', 'cache-control': 'no-store' }).end(config);
    return;
  }
  const file = fileOf(url.pathname);
  if (file === undefined) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  try {
    const body = await readFile(file);
    // Hashed asset names change with their content: they may be cached for good.
    const cache = url.pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'cache-control': cache }).end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}

// No request can stop the server: what escapes `answer` is logged and answered 500, and what
// Node's parser refuses gets an answer in the functions' shape.
const server = createServer((req, res) => {
  answer(req, res).catch((error: unknown) => {
    console.error(JSON.stringify({ level: 'error', fn: 'ui', msg: (error as Error).message }));
    if (res.headersSent) res.destroy();
    else res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
  });
});
server.on('clientError', answerClientError);
server.listen(port, host, () => console.log(`ui on http://${host}:${port} serving ${root}`));
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => server.close(() => process.exit(0)));
