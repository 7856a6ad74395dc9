import http2 from 'node:http2';
import { Socket } from 'node:net';
import type { Answer, SlowBody } from './http1-raw.ts';

const MAX_KEPT_BODY = 1024 * 1024;

function connect(port: number, peerMaxConcurrentStreams = 100): http2.ClientHttp2Session {
  const session = http2.connect(`http://127.0.0.1:${port}`, { peerMaxConcurrentStreams });
  // Errors surface on the streams; a session error must not crash the fuzzer.
  session.on('error', () => undefined);
  return session;
}

/** A few shared HTTP/2 connections to one port, replaced when the server closes one. */
export class H2Pool {
  private readonly sessions: http2.ClientHttp2Session[] = [];
  private next = 0;

  constructor(
    private readonly port: number,
    private readonly size = 4,
  ) {}

  session(): http2.ClientHttp2Session {
    const i = this.next++ % this.size;
    let session = this.sessions[i];
    if (!session || session.closed || session.destroyed) {
      session = connect(this.port);
      this.sessions[i] = session;
    }
    return session;
  }

  close(): void {
    for (const session of this.sessions) session.destroy();
    this.sessions.length = 0;
  }
}

export interface H2Request {
  headers: http2.OutgoingHttpHeaders;
  body: Buffer;
  slow?: SlowBody;
  timeoutMs: number;
}

/**
 * One request over HTTP/2 (h2c): on a pooled connection, or on a connection of its own when
 * `session` is given and closed afterwards by the caller. Collects `:status`, headers, trailers,
 * the body, and how the stream ended when it did not end well (RST_STREAM code, GOAWAY, timeout).
 */
export function sendH2(session: http2.ClientHttp2Session, request: H2Request): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    let stream: http2.ClientHttp2Stream;
    let settled = false;
    let status: number | undefined;
    let headers: Record<string, string> = {};
    let trailers: Record<string, string> = {};
    let body: Buffer = Buffer.alloc(0);
    let slowTimer: NodeJS.Timeout | undefined;
    const finish = (extra: Partial<Answer> = {}) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(slowTimer);
      if (!stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL);
      resolve({ status, headers, trailers, body, ...extra, ms: performance.now() - started });
    };
    const timer = setTimeout(() => finish({ error: 'timeout' }), request.timeoutMs);
    try {
      stream = session.request(request.headers, { endStream: false });
    } catch (err) {
      clearTimeout(timer);
      settled = true;
      resolve({
        headers: {},
        trailers: {},
        body,
        error: 'not-sent',
        detail: (err as NodeJS.ErrnoException).code,
        ms: 0,
      });
      return;
    }
    stream.on('response', (h) => {
      status = Number(h[':status']);
      headers = flatten(h);
    });
    stream.on('trailers', (t) => {
      trailers = flatten(t);
    });
    stream.on('data', (chunk: Buffer) => {
      if (body.length < MAX_KEPT_BODY) body = Buffer.concat([body, chunk]);
    });
    stream.on('error', () => undefined);
    // The answer is complete when the server ends its side, even if it never read the whole request
    // (an early refusal): the stream may stay half-open on the server's side, which is not ours to wait for.
    stream.on('end', () => {
      if (status !== undefined) finish();
    });
    stream.on('close', () => {
      const rstCode = stream.rstCode;
      if (rstCode === undefined || rstCode === http2.constants.NGHTTP2_NO_ERROR) {
        if (status === undefined) return finish({ error: session.destroyed ? 'goaway' : 'closed' });
        return finish();
      }
      if (rstCode === http2.constants.NGHTTP2_REFUSED_STREAM)
        return finish({ error: 'refused-stream', rstCode, detail: 'REFUSED_STREAM' });
      finish({ error: status === undefined ? 'reset' : undefined, rstCode, detail: rstName(rstCode) });
    });
    if (request.slow) {
      const chunks = [...request.slow.chunks];
      stream.write(request.body);
      slowTimer = setInterval(() => {
        const next = chunks.shift();
        if (stream.closed || stream.destroyed) return clearInterval(slowTimer);
        if (!next) {
          clearInterval(slowTimer);
          stream.end();
          return;
        }
        stream.write(next);
      }, request.slow.intervalMs);
    } else {
      stream.end(request.body);
    }
  });
}

/** A fresh connection for one request (or a flood of them), closed when they are done. */
export async function withOwnSession<T>(
  port: number,
  use: (session: http2.ClientHttp2Session) => Promise<T>,
  peerMaxConcurrentStreams?: number,
): Promise<T> {
  const session = connect(port, peerMaxConcurrentStreams);
  try {
    return await use(session);
  } finally {
    session.destroy();
  }
}

/**
 * Opens `count` streams at once on one connection, more than the server allows: each sends its
 * headers and holds its body back, so all are open together, then all are finished. Answers in
 * stream order; refused streams show as `refused-stream`.
 */
export function floodStreams(
  port: number,
  count: number,
  request: Omit<H2Request, 'slow'>,
): Promise<Answer[]> {
  // The streams are opened before the server's SETTINGS arrive, with the client told the server
  // allows far more than it does, so it sends them all instead of queueing them.
  return withOwnSession(
    port,
    (session) =>
      Promise.all(
        Array.from({ length: count }, () =>
          sendH2(session, {
            ...request,
            body: Buffer.alloc(0),
            slow: { chunks: [request.body], intervalMs: 300 },
          }),
        ),
      ),
    10_000,
  );
}

/**
 * Writes raw bytes to the h2c port (normally the client preface and hand-made frames) and watches
 * what the server does: the frame types it sends back until it closes or `timeoutMs` passes.
 */
export function sendRawH2(port: number, bytes: Buffer, timeoutMs: number): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = new Socket();
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (error?: Answer['error'], detail?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const frames = frameSummary(received);
      resolve({
        headers: {},
        trailers: {},
        body: received.subarray(0, 4096),
        error: error ?? (frames.goaway !== undefined ? 'goaway' : frames.headers ? undefined : 'closed'),
        detail: detail ?? frames.text,
        rstCode: frames.rst,
        ms: performance.now() - started,
      });
    };
    const timer = setTimeout(() => finish(settled ? undefined : 'timeout'), timeoutMs);
    socket.on('connect', () => socket.write(bytes, () => undefined));
    socket.on('data', (chunk: Buffer) => {
      if (received.length < 65_536) received = Buffer.concat([received, chunk]);
      if (frameSummary(received).goaway !== undefined) finish();
    });
    socket.on('close', () => finish());
    socket.on('error', (err: NodeJS.ErrnoException) =>
      finish(err.code === 'ECONNRESET' ? 'reset' : 'closed', err.code),
    );
    socket.connect(port, '127.0.0.1');
  });
}

/** Which frames the server sent: GOAWAY (with its code), RST_STREAM, whether any HEADERS came. */
function frameSummary(data: Buffer): { goaway?: number; rst?: number; headers: boolean; text: string } {
  const names: string[] = [];
  let goaway: number | undefined;
  let rst: number | undefined;
  let headers = false;
  let at = 0;
  while (at + 9 <= data.length) {
    const length = data.readUIntBE(at, 3);
    const type = data[at + 3]!;
    if (at + 9 + length > data.length) break;
    const payload = data.subarray(at + 9, at + 9 + length);
    if (type === 0x7 && payload.length >= 8) goaway = payload.readUInt32BE(4);
    if (type === 0x3 && payload.length >= 4) rst = payload.readUInt32BE(0);
    if (type === 0x1) headers = true;
    names.push(FRAME_NAMES[type] ?? `type${type}`);
    at += 9 + length;
  }
  const text = `${names.join(',')}${goaway !== undefined ? ` goaway=${rstName(goaway)}` : ''}`;
  return { goaway, rst, headers, text };
}

const FRAME_NAMES: Record<number, string> = {
  0: 'DATA',
  1: 'HEADERS',
  2: 'PRIORITY',
  3: 'RST_STREAM',
  4: 'SETTINGS',
  5: 'PUSH_PROMISE',
  6: 'PING',
  7: 'GOAWAY',
  8: 'WINDOW_UPDATE',
  9: 'CONTINUATION',
};

const RST_NAMES: Record<number, string> = {
  0: 'NO_ERROR',
  1: 'PROTOCOL_ERROR',
  2: 'INTERNAL_ERROR',
  3: 'FLOW_CONTROL_ERROR',
  4: 'SETTINGS_TIMEOUT',
  5: 'STREAM_CLOSED',
  6: 'FRAME_SIZE_ERROR',
  7: 'REFUSED_STREAM',
  8: 'CANCEL',
  9: 'COMPRESSION_ERROR',
  10: 'CONNECT_ERROR',
  11: 'ENHANCE_YOUR_CALM',
  12: 'INADEQUATE_SECURITY',
  13: 'HTTP_1_1_REQUIRED',
};

export function rstName(code: number): string {
  return RST_NAMES[code] ?? `0x${code.toString(16)}`;
}

function flatten(headers: http2.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

// --- hand-made frames for the raw h2c cases ---

export const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

export function h2Frame(type: number, flags: number, streamId: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payload.length & 0xffffff, 0, 3);
  head.writeUInt8(type, 3);
  head.writeUInt8(flags, 4);
  head.writeUInt32BE(streamId >>> 0, 5);
  return Buffer.concat([head, payload]);
}

/** HPACK: each header as a literal without indexing, with a literal name, no Huffman. */
export function hpackLiterals(headers: ReadonlyArray<readonly [string, string | Buffer]>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of headers) {
    const v = Buffer.isBuffer(value) ? value : Buffer.from(value, 'latin1');
    parts.push(Buffer.from([0x00]), hpackString(Buffer.from(name, 'latin1')), hpackString(v));
  }
  return Buffer.concat(parts);
}

function hpackString(value: Buffer): Buffer {
  return Buffer.concat([hpackInteger(value.length, 7, 0x00), value]);
}

function hpackInteger(value: number, prefixBits: number, firstByteFlags: number): Buffer {
  const max = (1 << prefixBits) - 1;
  if (value < max) return Buffer.from([firstByteFlags | value]);
  const out = [firstByteFlags | max];
  let rest = value - max;
  while (rest >= 128) {
    out.push((rest % 128) + 128);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return Buffer.from(out);
}
