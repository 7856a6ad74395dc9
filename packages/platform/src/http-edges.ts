import type http from 'node:http';
import { createEnvReader } from './config.ts';
import { requestIdFrom } from './request-context.ts';
import { createTokenBucket, type TokenBucket } from './token-bucket.ts';

/** What every public HTTP port does before routing. */
export interface HttpEdgeOptions {
  /** Origins allowed to call from a browser (the storefront). */
  corsOrigins: readonly string[];
  /** Requests per second per client IP (token bucket; burst is twice this). */
  perIpRatePerSecond: number;
}

/** Reads CORS_ORIGINS and RATE_LIMIT_PER_IP (defaults: the storefront on :8090, 200/s). */
export function readHttpEdgeOptions(env = process.env): HttpEdgeOptions {
  const read = createEnvReader(env);
  const options = {
    corsOrigins: read.string('CORS_ORIGINS', 'http://localhost:8090,http://127.0.0.1:8090').split(','),
    perIpRatePerSecond: read.int('RATE_LIMIT_PER_IP', 200, { min: 1 }),
  };
  read.done();
  return options;
}

const MAX_TRACKED_CLIENTS = 10_000;

/**
 * The shared edge of HTTP/1.1 servers: a request id taken from or added to `X-Request-Id` and echoed,
 * CORS for the allowed origins (preflights answered here), and a per-client-IP rate limit answering
 * 429 with Retry-After. `handle` returns the request id, or undefined when it already answered.
 */
export function createHttpEdges(options: HttpEdgeOptions) {
  const buckets = new Map<string, TokenBucket>();
  const bucketFor = (ip: string) => {
    let bucket = buckets.get(ip);
    if (!bucket) {
      if (buckets.size >= MAX_TRACKED_CLIENTS) buckets.delete(buckets.keys().next().value as string);
      bucket = createTokenBucket({
        ratePerSecond: options.perIpRatePerSecond,
        burst: options.perIpRatePerSecond * 2,
      });
      buckets.set(ip, bucket);
    }
    return bucket;
  };
  const allowed = new Set(options.corsOrigins);

  return {
    handle(req: http.IncomingMessage, res: http.ServerResponse): string | undefined {
      const requestId = requestIdFrom(req.headers['x-request-id']);
      res.setHeader('x-request-id', requestId);
      const origin = req.headers.origin;
      if (origin && allowed.has(origin)) {
        res.setHeader('access-control-allow-origin', origin);
        res.setHeader('vary', 'Origin');
        res.setHeader('access-control-expose-headers', 'x-request-id, retry-after');
        if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
          res.writeHead(204, {
            'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
            'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type',
            'access-control-max-age': '600',
          });
          res.end();
          return undefined;
        }
      }
      const taken = bucketFor(req.socket.remoteAddress ?? 'unknown').tryTake();
      if (!taken.ok) {
        res.writeHead(429, {
          'content-type': 'application/json',
          'retry-after': String(Math.ceil(taken.retryAfterMs / 1000)),
        });
        res.end(JSON.stringify({ code: 8, message: 'too many requests from this client', details: [] }));
        return undefined;
      }
      return requestId;
    },
  };
}

export type HttpEdges = ReturnType<typeof createHttpEdges>;
