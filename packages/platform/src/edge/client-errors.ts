import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { Code } from '@connectrpc/connect';

const ANSWERS: Readonly<Record<string, readonly [number, Code, string]>> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, Code.DeadlineExceeded, 'request not received within the read timeout'],
  HPE_HEADER_OVERFLOW: [431, Code.ResourceExhausted, 'request header block over the size limit'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, Code.ResourceExhausted, 'chunk extensions over the size limit'],
};

/**
 * Answers what Node's HTTP parser refuses before a request reaches a handler (a request not in by
 * READ_TIMEOUT, a header block over the limit, bytes that are not HTTP) with the same error body
 * `{"code","message","details"}` as every other answer, then closes the connection. Node's default
 * answers with an empty body, Fastify's with its own JSON. For a server's 'clientError' event and
 * Fastify's `clientErrorHandler`.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // An answer already under way cannot be replaced; the connection just ends.
  const answering = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (socket.writable && !answering) {
    const [status, code, message] = ANSWERS[err.code ?? ''] ?? [
      400,
      Code.InvalidArgument,
      'malformed HTTP request',
    ];
    const body = JSON.stringify({ code, message, details: [] });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
