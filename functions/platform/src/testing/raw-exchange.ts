import { connect } from 'node:net';

/**
 * Sends bytes as they are on a fresh connection (no client library tidies them), half-closes
 * it when `end` is set, and returns what came back: the status and body of the answer, or
 * null when the server closed without one.
 */
export function rawExchange(port: number, bytes: string, end = true): Promise<{ status: number; body: string } | null> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve(m ? { status: Number(m[1]), body: text.slice(text.indexOf('\r\n\r\n') + 4) } : null);
    });
    socket.write(bytes, () => (end ? socket.end() : undefined));
  });
}

/** An HTTP/1.1 request as text, closing the connection after its answer; `headers` as written. */
export const rawRequest = (line: string, headers: string[] = [], body = ''): string => [line, 'Host: test', 'Connection: close', ...headers, '', body].join('\r\n');
