import { AppError, type ErrorCode } from '@tabular-ct/core';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

// What Node's HTTP parser refuses before any route sees the request, by its error code.
// (Node's `clientError` event: docs/architecture.md, "References")
const refusals: Record<string, { code: ErrorCode; message: string }> = {
  HPE_HEADER_OVERFLOW: { code: 'headers_too_large', message: 'the request line and headers exceed the 16 KB the server reads' },
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'request_timeout', message: 'the request did not arrive whole in time' },
};
const malformed = { code: 'invalid_request', message: 'the request is not valid HTTP/1.1' } as const;

/**
 * Answers a request Node's parser refused (a malformed request line, an oversized or
 * duplicated header, a bad chunk) in the functions' error shape, then closes the connection:
 * without it Node answers a bare status or resets the connection. A socket already gone or
 * half-written is just destroyed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const refusal = refusals[error.code ?? ''] ?? malformed;
  const answer = new AppError(refusal.code, refusal.message);
  const body = JSON.stringify(answer.toBody());
  socket.end(
    `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
