import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  answerClientError,
  closeHttpServer,
  createHttpEdges,
  createOpsHandler,
  createServiceMetrics,
  createTokenVerifier,
  type HttpHandler,
  http1ServerOptions,
  limitConnections,
  withRequestId,
} from '@marketplace/platform';
import type { Logger } from 'pino';
import { createApiProxy } from './api/api-proxy.ts';
import { sendJson } from './api/json-response.ts';
import { createStaticAssets } from './api/static-assets.ts';
import type { StorefrontConfig } from './config.ts';

/** A running storefront: its port and a graceful stop. */
export interface Storefront {
  httpPort: number;
  stop(): Promise<void>;
}

/**
 * Serves the page (/, /app.js, /styles.css), proxies the page's calls under /api/<service>/... to
 * the backends, and answers /metrics, /healthz and /readyz, behind the platform's HTTP edge
 * (X-Request-Id taken or made and echoed, CORS, a per-client rate limit, the server limits and
 * timeouts of MAX_HEADER_BYTES, READ_TIMEOUT, HEADERS_TIMEOUT, KEEP_ALIVE_TIMEOUT). The storefront keeps no
 * state, so it is ready as soon as it listens; a backend that is down shows on the page as that
 * service being unavailable. With AUTH_MODE=jwt the page signs visitors in and the proxy checks
 * their access tokens (offline, against the users service's JWKS) before passing a call on.
 */
export async function startStorefront(config: StorefrontConfig, log: Logger): Promise<Storefront> {
  const metrics = createServiceMetrics('storefront');
  let stopping = false;
  const { auth } = config;
  const tokens =
    auth.mode === 'jwt'
      ? createTokenVerifier(auth, { log: log.child({ name: 'storefront:tokens' }) })
      : undefined;
  const handlers: HttpHandler[] = [
    createOpsHandler({ metrics, ready: async () => true }, () => stopping),
    createApiProxy({
      upstreams: config.upstreams,
      timeoutMs: config.upstreamTimeoutMs,
      tokens,
      trustedProxies: config.edges.trustedProxies,
      registry: metrics.registry,
      log: log.child({ name: 'storefront:proxy' }),
    }),
    await createStaticAssets({ authMode: auth.mode }),
  ];
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    for (const handler of handlers) if (await handler(req, res)) return;
    sendJson(res, 404, { message: `no route for ${req.method} ${(req.url ?? '/').split('?')[0]}` });
  };
  const edges = createHttpEdges(config.edges);
  // Header size, READ_TIMEOUT (a slow body gets 408), HEADERS_TIMEOUT and KEEP_ALIVE_TIMEOUT.
  const server = http.createServer(http1ServerOptions(config.edges.limits), (req, res) => {
    res.once('finish', () =>
      metrics.httpRequests.inc({ method: req.method ?? '', status: String(res.statusCode) }),
    );
    const requestId = edges.handle(req, res);
    if (!requestId) return;
    withRequestId(requestId, () => handle(req, res)).catch((err: unknown) => {
      // A client that went away (or was cut off by READ_TIMEOUT) mid-body is no server fault.
      if (req.destroyed || res.destroyed) return void log.info({ url: req.url }, 'client went away');
      log.error({ err, url: req.url }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { message: 'internal error' });
      else res.destroy();
    });
  });
  server.on('clientError', answerClientError);
  limitConnections(server, config.edges.limits, config.edges.trustedProxies);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.httpPort, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    httpPort: (server.address() as AddressInfo).port,
    /** Stops accepting; requests in flight are answered, each connection closed once idle. */
    async stop() {
      stopping = true;
      await closeHttpServer(server);
    },
  };
}
