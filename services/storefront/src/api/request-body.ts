import type http from 'node:http';

/** Thrown when a request body is larger than the limit (answered 413). */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body is larger than ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads the whole request body, refusing more than `limitBytes`; undefined when there is none. */
export async function readRequestBody(
  req: http.IncomingMessage,
  limitBytes: number,
): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new BodyTooLargeError(limitBytes);
    chunks.push(chunk);
  }
  return size === 0 ? undefined : Buffer.concat(chunks);
}
