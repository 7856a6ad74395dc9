import { Socket } from 'node:net';

/** What came back for one request, whichever transport carried it. */
export interface Answer {
  /** HTTP status (the `:status` on HTTP/2); undefined when no answer head arrived. */
  status?: number;
  headers: Record<string, string>;
  /** gRPC trailers (HTTP/2 trailers, or the trailer frame of gRPC-Web). */
  trailers: Record<string, string>;
  body: Buffer;
  /** Why there is no (complete) answer. */
  error?: TransportError;
  /** The error's code or message, for the report. */
  detail?: string;
  /** HTTP/2 RST_STREAM code, when the stream was reset. */
  rstCode?: number;
  ms: number;
}

export type TransportError =
  | 'reset'
  | 'timeout'
  | 'closed'
  | 'refused-stream'
  | 'goaway'
  | 'truncated'
  | 'not-http'
  | 'connect-failed'
  /** The client library refused to send it (a generator bug, not a server behaviour). */
  | 'not-sent';

/** How a request's body is sent: at once, or a few bytes at a time (a slow client). */
export interface SlowBody {
  chunks: Buffer[];
  intervalMs: number;
}

const MAX_KEPT_BODY = 1024 * 1024;

/**
 * Sends `bytes` over a fresh TCP connection to 127.0.0.1:`port` exactly as given (nothing is
 * validated or normalised, so broken requests stay broken) and reads one HTTP/1.1 answer: status,
 * headers, and the body by content-length, chunked encoding or until the server closes. With `slow`,
 * `bytes` is the head and the chunks follow one per interval until the server answers or closes.
 */
export function sendRawHttp1(
  port: number,
  bytes: Buffer,
  options: { timeoutMs: number; slow?: SlowBody; headRequest?: boolean },
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = new Socket();
    let buffer = Buffer.alloc(0);
    let head: { status: number; headers: Record<string, string>; bodyAt: number } | undefined;
    let settled = false;
    let connected = false;
    let slowTimer: NodeJS.Timeout | undefined;
    const finish = (answer: Omit<Answer, 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(slowTimer);
      socket.destroy();
      resolve({ ...answer, ms: performance.now() - started });
    };
    const timer = setTimeout(
      () =>
        finish({
          status: head?.status,
          headers: head?.headers ?? {},
          trailers: {},
          body: head ? buffer.subarray(head.bodyAt) : Buffer.alloc(0),
          error: 'timeout',
        }),
      options.timeoutMs,
    );
    const tryParse = (ended: boolean) => {
      if (!head) {
        for (;;) {
          const end = buffer.indexOf('\r\n\r\n');
          if (end === -1) break;
          const parsed = parseHead(buffer.subarray(0, end).toString('latin1'));
          if (!parsed) return finish({ headers: {}, trailers: {}, body: buffer, error: 'not-http' });
          if (parsed.status >= 100 && parsed.status < 200) {
            buffer = buffer.subarray(end + 4);
            continue;
          }
          head = { ...parsed, bodyAt: end + 4 };
          break;
        }
        if (!head) {
          if (ended)
            finish({
              headers: {},
              trailers: {},
              body: buffer,
              error: buffer.length > 0 ? 'not-http' : 'closed',
            });
          else if (buffer.length >= 5 && !buffer.subarray(0, 5).equals(Buffer.from('HTTP/')))
            finish({ headers: {}, trailers: {}, body: buffer, error: 'not-http' });
          return;
        }
      }
      const body = buffer.subarray(head.bodyAt);
      const done = (complete: Buffer, error?: TransportError, trailers: Record<string, string> = {}) =>
        finish({ status: head!.status, headers: head!.headers, trailers, body: complete, error });
      if (options.headRequest || head.status === 204 || head.status === 304) return done(Buffer.alloc(0));
      const length = head.headers['content-length'];
      if (length !== undefined && /^\d+$/.test(length)) {
        const n = Number(length);
        if (body.length >= n) return done(body.subarray(0, n));
        if (ended) return done(body, 'truncated');
        return;
      }
      if (/chunked/i.test(head.headers['transfer-encoding'] ?? '')) {
        const decoded = decodeChunked(body);
        if (decoded) return done(decoded.body, undefined, decoded.trailers);
        if (ended) return done(body, 'truncated');
        return;
      }
      if (ended) done(body);
    };
    socket.on('connect', () => {
      connected = true;
      socket.setNoDelay(true);
      socket.write(bytes, () => undefined);
      if (options.slow) {
        const chunks = [...options.slow.chunks];
        slowTimer = setInterval(() => {
          const next = chunks.shift();
          if (!next || socket.destroyed) return clearInterval(slowTimer);
          socket.write(next, () => undefined);
        }, options.slow.intervalMs);
      }
    });
    socket.on('data', (chunk: Buffer) => {
      if (buffer.length < MAX_KEPT_BODY * 4) buffer = Buffer.concat([buffer, chunk]);
      tryParse(false);
    });
    socket.on('end', () => tryParse(true));
    socket.on('close', () => tryParse(true));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (!connected)
        return finish({
          headers: {},
          trailers: {},
          body: Buffer.alloc(0),
          error: 'connect-failed',
          detail: err.code,
        });
      // The server may answer and close while the rest of a large body is still being written.
      if (head || buffer.length > 0) return tryParse(true);
      finish({
        headers: {},
        trailers: {},
        body: Buffer.alloc(0),
        error: err.code === 'ECONNRESET' || err.code === 'EPIPE' ? 'reset' : 'closed',
        detail: err.code,
      });
    });
    socket.connect(port, '127.0.0.1');
  });
}

function parseHead(text: string): { status: number; headers: Record<string, string> } | undefined {
  const lines = text.split('\r\n');
  const match = /^HTTP\/\d\.\d (\d{3})/.exec(lines[0] ?? '');
  if (!match) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return { status: Number(match[1]), headers };
}

/** The decoded body and trailers (gRPC over HTTP/1.1 sends its status there) once the chunked encoding is complete. */
function decodeChunked(data: Buffer): { body: Buffer; trailers: Record<string, string> } | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd === -1) return undefined;
    const size = Number.parseInt(data.subarray(at, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (Number.isNaN(size)) return { body: Buffer.concat(parts), trailers: {} };
    if (size === 0) {
      // The last chunk, then trailers (if any) and an empty line.
      const rest = data.subarray(lineEnd + 2);
      if (rest.subarray(0, 2).equals(Buffer.from('\r\n')))
        return { body: Buffer.concat(parts), trailers: {} };
      const end = rest.indexOf('\r\n\r\n');
      if (end === -1) return undefined;
      return {
        body: Buffer.concat(parts),
        trailers: parseHead(`HTTP/1.1 200\r\n${rest.subarray(0, end).toString('latin1')}`)!.headers,
      };
    }
    if (data.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** An HTTP/1.1 request as bytes; `headers` go out in order, as given, duplicates included. */
export function http1Bytes(
  method: string,
  target: string,
  headers: ReadonlyArray<readonly [string, string | Buffer]>,
  body?: Buffer,
  options: { contentLength?: boolean; version?: string } = {},
): Buffer {
  const lines: Buffer[] = [Buffer.from(`${method} ${target} ${options.version ?? 'HTTP/1.1'}\r\n`, 'latin1')];
  for (const [name, value] of headers)
    lines.push(
      Buffer.from(`${name}: `, 'latin1'),
      Buffer.isBuffer(value) ? value : Buffer.from(value, 'latin1'),
      Buffer.from('\r\n'),
    );
  if (body && options.contentLength !== false) lines.push(Buffer.from(`content-length: ${body.length}\r\n`));
  lines.push(Buffer.from('\r\n'));
  if (body) lines.push(body);
  return Buffer.concat(lines);
}
