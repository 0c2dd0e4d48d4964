import type { IncomingMessage } from 'node:http';
import { AppError } from '@tabular-ct/core';

/**
 * The request body as the route sees it: JSON parsed, text as a string, nothing as undefined;
 * beside it the text as it arrived, for the routes that check a signature over it.
 */
interface Body {
  parsed: unknown;
  text: string | undefined;
}

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
      req.off('data', onData).off('end', onEnd).off('error', onClose).off('close', onClose);
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
    // Closed or aborted before its end: the client went away mid-body. Its doing, not ours: a 4xx
    // (that it will most likely never read), not a 500 in the logs and the error metrics.
    const onClose = () => done(new AppError('invalid_request', 'the request body ended before its declared length'));
    req.on('data', onData).on('end', onEnd).on('error', onClose).on('close', onClose);
  });
}

// Deeper than any request of ours (a drift report inside a train request nests 5 levels) and
// shallow enough that a validator walking it recursively cannot run out of stack.
const MAX_JSON_DEPTH = 32;

/**
 * How deep a JSON text nests, counting brackets outside strings; stops counting past `limit`.
 * A linear scan before parsing: JSON.parse accepts 10,000 levels, but validating them
 * recursively overflows the stack.
 */
function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * Reads and parses a request body with a size limit. Only JSON (`application/json`, `*+json`)
 * and CSV (`text/csv`) are read: any other type, none included, is answered 415, so a page
 * on another site cannot send a body without the preflight a JSON or CSV type requires.
 * Malformed or too deeply nested JSON and an oversized body are the caller's errors too: they
 * come back as AppError (4xx), never as an HTML page or a stack trace.
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Body> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    req.resume();
    throw new AppError('payload_too_large', `request body of ${declared} bytes exceeds the limit of ${maxBytes}`);
  }
  const chunks = await readChunks(req, maxBytes);
  const size = chunks.reduce((n, c) => n + c.length, 0);
  if (size === 0) return { parsed: undefined, text: undefined };
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const text = Buffer.concat(chunks).toString('utf8');
  if (type === 'application/json' || type.endsWith('+json')) {
    if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) throw new AppError('invalid_request', `request body nests deeper than ${MAX_JSON_DEPTH} levels`);
    try {
      return { parsed: JSON.parse(text) as unknown, text };
    } catch (error) {
      throw new AppError('invalid_request', `request body is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (type === 'text/csv') return { parsed: text, text };
  throw new AppError('unsupported_media_type', `content type ${type === '' ? '(none)' : type} is not accepted: send application/json or text/csv`);
}
