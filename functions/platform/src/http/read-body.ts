import type { IncomingMessage } from 'node:http';
import { AppError } from '@tabular-ct/core';

/** The request body as the route sees it: JSON parsed, text as a string, nothing as undefined. */
type Body = unknown;

/**
 * The body's chunks, by the stream's events rather than `for await`: its async iterator costs a
 * few promises per chunk, a measurable share of a small prediction request.
 */
function readChunks(req: IncomingMessage, maxBytes: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    if (req.readableEnded) {
      resolve([]);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (error?: unknown) => {
      req.off('data', onData).off('end', onEnd).off('error', done).off('close', onClose);
      if (error === undefined) resolve(chunks);
      else reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        done(new AppError('payload_too_large', `request body exceeds the limit of ${maxBytes} bytes`));
        // Not drained: an undeclared oversized body (chunked) may be endless, so the connection goes.
        req.destroy();
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => done();
    // Closed before its end: the client went away mid-body, as `for await` reports it.
    const onClose = () => done(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    req.on('data', onData).on('end', onEnd).on('error', done).on('close', onClose);
  });
}

/**
 * Reads and parses a request body with a size limit. Malformed JSON, an unsupported media
 * type and an oversized body are the caller's errors: they come back as AppError (4xx),
 * never as an HTML page or a stack trace.
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Body> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    req.resume();
    throw new AppError('payload_too_large', `request body of ${declared} bytes exceeds the limit of ${maxBytes}`);
  }
  const chunks = await readChunks(req, maxBytes);
  const size = chunks.reduce((n, c) => n + c.length, 0);
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type.endsWith('+json') || type === '') {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new AppError('invalid_request', `request body is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (type.startsWith('text/')) return text;
  throw new AppError('unsupported_media_type', `content type ${type} is not accepted: send application/json or text/csv`);
}
