import type http from 'node:http';
import type http2 from 'node:http2';
import type { EnvReader } from '../config.ts';
import { createTokenBucket } from '../token-bucket.ts';

/** Bounds on what one client or request may take from a server, the same on every port and protocol. */
export interface ServerLimits {
  /** Largest request message after decompression (gRPC, Connect, gRPC-Web, REST bodies). */
  maxMessageBytes: number;
  /** Largest header block of a request. */
  maxHeaderBytes: number;
  /** Concurrent streams one HTTP/2 connection may open. */
  maxConcurrentStreams: number;
  /** A connection with no traffic for this long is closed (HTTP/2: GOAWAY). */
  idleTimeoutMs: number;
  /** Time to receive a whole request, headers and body. */
  requestTimeoutMs: number;
  /** Time to receive a request's headers. */
  headersTimeoutMs: number;
  /** How long an idle HTTP/1.1 keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /** Calls a process runs at once over all its ports; more are answered Unavailable. */
  maxInFlightCalls: number;
  /** HTTP/2 requests of a process whose body is still arriving, over all sessions. */
  maxUnfinishedRequests: number;
  /** Open connections of one listener. */
  maxConnections: number;
  /** Open connections of one listener from one peer address (trusted proxies aside). */
  maxConnectionsPerClient: number;
}

const MIB = 1024 * 1024;

/**
 * Reads MAX_MESSAGE_BYTES (256KiB: a full ingest batch of 1,000 events, our largest message, is under 80KiB),
 * MAX_HEADER_BYTES (16KiB), H2_MAX_CONCURRENT_STREAMS (100), IDLE_TIMEOUT (2m), READ_TIMEOUT (30s),
 * HEADERS_TIMEOUT (10s), KEEP_ALIVE_TIMEOUT (65s), MAX_IN_FLIGHT_CALLS (1024: many times what a pool
 * of database connections serves at once, a few MB of waiting calls), MAX_UNFINISHED_REQUESTS
 * (256 on the h2c port: a normal body arrives at once, so these are mostly slow or stalled clients),
 * MAX_CONNECTIONS (2048 per listener) and MAX_CONNECTIONS_PER_CLIENT (512: a browser opens 6, a
 * load generator or a proxy not listed in TRUSTED_PROXIES hundreds; 512 half-sent requests are some
 * 30 MB).
 */
export function readServerLimits(read: EnvReader): ServerLimits {
  const limits = {
    maxMessageBytes: read.bytes('MAX_MESSAGE_BYTES', 256 * 1024, { max: 64 * MIB }),
    maxHeaderBytes: read.bytes('MAX_HEADER_BYTES', 16 * 1024, { min: 1024, max: MIB }),
    maxConcurrentStreams: read.int('H2_MAX_CONCURRENT_STREAMS', 100, { min: 1, max: 10_000 }),
    idleTimeoutMs: read.durationMs('IDLE_TIMEOUT', '2m'),
    requestTimeoutMs: read.durationMs('READ_TIMEOUT', '30s'),
    headersTimeoutMs: read.durationMs('HEADERS_TIMEOUT', '10s'),
    keepAliveTimeoutMs: read.durationMs('KEEP_ALIVE_TIMEOUT', '65s'),
    maxInFlightCalls: read.int('MAX_IN_FLIGHT_CALLS', 1024, { min: 1, max: 100_000 }),
    maxUnfinishedRequests: read.int('MAX_UNFINISHED_REQUESTS', 256, { min: 1, max: 100_000 }),
    maxConnections: read.int('MAX_CONNECTIONS', 2048, { min: 1, max: 1_000_000 }),
    maxConnectionsPerClient: read.int('MAX_CONNECTIONS_PER_CLIENT', 512, { min: 1, max: 1_000_000 }),
  };
  if (limits.headersTimeoutMs > limits.requestTimeoutMs)
    read.problem('HEADERS_TIMEOUT', 'must not be longer than READ_TIMEOUT');
  return limits;
}

/** Options for `http.createServer` that apply the limits. */
export function http1ServerOptions(limits: ServerLimits): http.ServerOptions {
  return {
    maxHeaderSize: limits.maxHeaderBytes,
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // How often Node checks the two timeouts above (default 30 s, which would let them overrun).
    connectionsCheckingInterval: Math.max(100, Math.min(1_000, limits.headersTimeoutMs / 2)),
  };
}

/** Options for `http2.createServer` that apply the limits. */
export function http2ServerOptions(limits: ServerLimits): http2.ServerOptions {
  return {
    settings: { maxConcurrentStreams: limits.maxConcurrentStreams, maxHeaderListSize: limits.maxHeaderBytes },
    // MB an HTTP/2 connection may buffer: four messages at the size limit (1 MB by default), not more.
    maxSessionMemory: Math.max(1, Math.ceil((4 * limits.maxMessageBytes) / MIB)),
    // Streams refused beyond the limit count against the session; a client that keeps trying is cut off.
    maxSessionRejectedStreams: 100,
    maxSessionInvalidFrames: 100,
  };
}

/**
 * Streams of one session that may end aborted (reset by the client, or cut for a slow body) in a
 * burst, and per second after it. Each opened stream costs a request, a response and a call before
 * the reset arrives, so a client opening and resetting streams in a loop ("rapid reset") would keep
 * the process busy and its heap growing while never holding more than one stream open.
 */
const ABORTED_STREAMS_BURST = 100;
const ABORTED_STREAMS_PER_SECOND = 33;
const NGHTTP2_ENHANCE_YOUR_CALM = 0xb;

/**
 * Closes an idle HTTP/2 session with GOAWAY, then destroys it if it has not closed within the
 * headers timeout: a client that left a header block unfinished holds no stream that could end.
 * A session whose streams are aborted faster than the budget above gets GOAWAY (ENHANCE_YOUR_CALM)
 * and is destroyed at once, before the rest of what it sent opens more streams.
 */
export function boundHttp2Session(session: http2.ServerHttp2Session, limits: ServerLimits): void {
  session.setTimeout(limits.idleTimeoutMs, () => {
    session.close();
    setTimeout(() => session.destroy(), limits.headersTimeoutMs).unref();
  });
  const aborts = createTokenBucket({
    ratePerSecond: ABORTED_STREAMS_PER_SECOND,
    burst: ABORTED_STREAMS_BURST,
  });
  session.on('stream', (stream: http2.ServerHttp2Stream) => {
    stream.once('aborted', () => {
      if (aborts.tryTake().ok || session.destroyed) return;
      session.goaway(NGHTTP2_ENHANCE_YOUR_CALM);
      session.destroy();
    });
  });
}

/** The size of a request's header block as HTTP/2 counts it (name + value + 32 per field). */
export function headerBlockBytes(rawHeaders: readonly string[]): number {
  let bytes = 0;
  for (let i = 0; i < rawHeaders.length; i += 2)
    bytes += (rawHeaders[i]?.length ?? 0) + (rawHeaders[i + 1]?.length ?? 0) + 32;
  return bytes;
}

/**
 * Resets a stream whose request body has not arrived within the request timeout (a slow-body
 * client). Streams whose body is complete may run longer (health Watch).
 */
export function boundHttp2Request(req: http2.Http2ServerRequest, limits: ServerLimits): void {
  const timer = setTimeout(() => {
    if (!req.complete) req.stream.close(0x8 /* NGHTTP2_CANCEL */);
  }, limits.requestTimeoutMs);
  timer.unref();
  const clear = () => clearTimeout(timer);
  req.once('end', clear);
  req.stream.once('close', clear);
}
