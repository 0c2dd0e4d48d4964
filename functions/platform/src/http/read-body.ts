import type { IncomingMessage } from 'node:http';
import { AppError } from '@tabular-ct/core';

/** The request body as the route sees it: JSON parsed, text as a string, nothing as undefined. */
type Body = unknown;

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
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      req.resume();
      throw new AppError('payload_too_large', `request body exceeds the limit of ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
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
