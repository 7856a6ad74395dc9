import type { IncomingMessage } from 'node:http';
import { Code, ConnectError } from '@connectrpc/connect';
import { httpError } from './errors.ts';

/**
 * Reads the whole request body, refusing more than `maxBytes`: up front from `content-length`,
 * and again while streaming, since chunked bodies have no length.
 * Rejects with a 413 ResourceExhausted error (asking to close the connection rather than drain the rest).
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      cleanup();
      // Not destroying req: that would kill the socket before the 413 is written.
      req.pause();
      reject(tooLarge(maxBytes));
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    // A broken upload is the client's doing: Canceled, not an internal error.
    const onError = (err: Error) => {
      cleanup();
      reject(
        new ConnectError(
          'request body was not received completely',
          Code.Canceled,
          undefined,
          undefined,
          err,
        ),
      );
    };
    const onClose = () => onError(new Error('request closed'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * ResourceExhausted, as gRPC and Connect answer a message over their read limit (and a compressed one
 * that inflates past it), so a Connect client sees the same code either way; REST answers 413.
 */
function tooLarge(maxBytes: number): ConnectError {
  const message = `request body exceeds the limit of ${maxBytes} bytes`;
  return httpError(413, Code.ResourceExhausted, message, { connection: 'close' });
}
