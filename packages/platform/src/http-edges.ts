import type http from 'node:http';
import type http2 from 'node:http2';
import { Code, ConnectError } from '@connectrpc/connect';
import { createEnvReader } from './config.ts';
import { type ClientRateLimiter, createClientRateLimiter } from './edge/client-rate-limiter.ts';
import { answerEarly, tooManyRequests } from './edge/early-answer.ts';
import { readServerLimits, type ServerLimits } from './edge/server-limits.ts';
import { requestIdFrom } from './request-context.ts';

/** What every public port does before routing, and the resources one request may take. */
export interface HttpEdgeOptions {
  /** Origins allowed to call from a browser (the storefront). */
  corsOrigins: readonly string[];
  /** Requests per second per client on the HTTP/1.1 port (token bucket; burst is twice this). */
  perIpRatePerSecond: number;
  /**
   * The same on the h2c port, which carries service-to-service traffic: every caller on one host
   * (the native stack, a node's pods behind SNAT) is one client there, so its default is higher.
   */
  perIpRatePerSecondGrpc: number;
  /** Peers trusted to name the client in `X-Forwarded-For` (addresses or CIDR ranges). */
  trustedProxies: readonly string[];
  /** Most clients the limiter tracks; the least recently seen is forgotten first. */
  maxTrackedClients: number;
  limits: ServerLimits;
}

/**
 * Reads CORS_ORIGINS (default: the storefront on :8090), RATE_LIMIT_PER_IP (200/s),
 * RATE_LIMIT_PER_IP_GRPC (2,000/s), TRUSTED_PROXIES (none), RATE_LIMIT_MAX_CLIENTS (10,000) and the
 * server limits (see `readServerLimits`).
 */
export function readHttpEdgeOptions(env: Record<string, string | undefined> = process.env): HttpEdgeOptions {
  const read = createEnvReader(env);
  const trustedProxies = read
    .string('TRUSTED_PROXIES', ' ')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  try {
    createClientRateLimiter({ ratePerSecond: 1, maxClients: 1, trustedProxies });
  } catch (err) {
    read.problem('TRUSTED_PROXIES', (err as Error).message);
  }
  const options = {
    corsOrigins: read.string('CORS_ORIGINS', 'http://localhost:8090,http://127.0.0.1:8090').split(','),
    perIpRatePerSecond: read.int('RATE_LIMIT_PER_IP', 200, { min: 1 }),
    perIpRatePerSecondGrpc: read.int('RATE_LIMIT_PER_IP_GRPC', 2_000, { min: 1 }),
    trustedProxies,
    maxTrackedClients: read.int('RATE_LIMIT_MAX_CLIENTS', 10_000, { min: 1 }),
    limits: readServerLimits(read),
  };
  read.done();
  return options;
}

/**
 * The shared edge of a server's ports: a request id taken from or added to `X-Request-Id` and echoed,
 * CORS for the allowed origins (preflights answered here), and one per-client rate limit answering
 * ResourceExhausted with Retry-After in the protocol of the request (REST 429, Connect, gRPC).
 * `handle` returns the request id, or undefined when it already answered.
 */
export function createHttpEdges(options: HttpEdgeOptions) {
  const limiterOf = (ratePerSecond: number) =>
    createClientRateLimiter({
      ratePerSecond,
      maxClients: options.maxTrackedClients,
      trustedProxies: options.trustedProxies,
    });
  const httpLimiter = limiterOf(options.perIpRatePerSecond);
  const grpcLimiter = limiterOf(options.perIpRatePerSecondGrpc);
  const admit = (limiter: ClientRateLimiter, req: AnyRequest, res: AnyResponse) => {
    const taken = limiter.take(req.socket?.remoteAddress, req.headers['x-forwarded-for']);
    if (taken.ok) return true;
    const [error, headers] = tooManyRequests(taken.retryAfterMs);
    answerEarly(req, res, error, headers);
    return false;
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
      if (origin && !allowed.has(origin) && crossSiteWrite(req, origin)) {
        const message = `a ${req.method} from the web page at ${origin} is not allowed: that origin is not in CORS_ORIGINS`;
        answerEarly(req, res, new ConnectError(message, Code.PermissionDenied));
        return undefined;
      }
      return admit(httpLimiter, req, res) ? requestId : undefined;
    },
    /** Applies the h2c port's per-client limit; false when it answered. */
    admitGrpc(req: http2.Http2ServerRequest, res: http2.Http2ServerResponse): boolean {
      return admit(grpcLimiter, req, res);
    },
  };
}

const READ_ONLY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A request that changes something, sent by a browser from a page of another origin. A page can post
 * a JSON text as `text/plain` or a form to any port without a CORS preflight, so such a request is
 * refused unless its origin is allowed; clients that are not browsers send no Origin and are not
 * affected, and a page of the server itself (Swagger UI) is its own origin.
 */
function crossSiteWrite(req: http.IncomingMessage, origin: string): boolean {
  if (READ_ONLY_METHODS.has(req.method ?? 'GET')) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true; // "null" (a sandboxed frame, a file) or garbage
  }
}

type AnyRequest = http.IncomingMessage | http2.Http2ServerRequest;
type AnyResponse = http.ServerResponse | http2.Http2ServerResponse;

export type HttpEdges = ReturnType<typeof createHttpEdges>;
