import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerClientError } from './edge/client-errors.ts';
import { limitConnections } from './edge/connection-limit.ts';
import { http1ServerOptions, type ServerLimits } from './edge/server-limits.ts';
import { readinessCheck } from './lifecycle.ts';
import type { ServiceMetrics } from './metrics.ts';
import type { ServiceBasics } from './service-basics.ts';

export interface OpsOptions {
  metrics: ServiceMetrics;
  /** Whether the service can take traffic now (checked by /readyz). */
  ready: () => Promise<boolean>;
}

/**
 * Answers GET /metrics (Prometheus), /healthz (the process is alive) and /readyz (ready and not
 * shutting down); returns false for any other request. Made while `runService` starts a service,
 * `ready` joins the service's readiness: /readyz then answers every probe of the service, and 503
 * from the first moment of a shutdown (before anything stops), in step with gRPC health.
 */
export function createOpsHandler(options: OpsOptions, isStopping: () => boolean) {
  const ready = readinessCheck(options.ready);
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> => {
    if (req.method !== 'GET') return false;
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': options.metrics.registry.contentType });
      res.end(await options.metrics.registry.metrics());
      return true;
    }
    if (path === '/healthz') return json(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      const ok = !isStopping() && (await ready());
      return json(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready' });
    }
    return false;
  };
}

function json(res: http.ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
  return true;
}

/**
 * An HTTP server with only the ops endpoints, for services without an API (a Kafka consumer), with
 * the header, request and keep-alive timeouts and header size of every other port.
 */
export async function startOpsServer(
  basics: ServiceBasics,
  listen: { host: string; port: number; limits: ServerLimits },
) {
  let stopping = false;
  const handle = createOpsHandler(basics, () => stopping);
  const server = http.createServer(http1ServerOptions(listen.limits), (req, res) => {
    handle(req, res)
      .then((handled) => {
        if (!handled)
          json(res, 404, { code: 5, message: `no route for ${req.method} ${req.url}`, details: [] });
      })
      .catch((err: unknown) => {
        basics.log.error({ err }, 'ops endpoint failed');
        if (!res.headersSent) json(res, 500, { code: 13, message: 'internal error', details: [] });
      });
  });
  server.on('clientError', answerClientError);
  limitConnections(server, listen.limits);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    /** Stops accepting, lets requests in flight finish, closes each connection as it goes idle. */
    async stop() {
      stopping = true;
      await closeHttpServer(server);
    },
  };
}

/**
 * Closes an HTTP/1.1 server the graceful way: no new connections, requests in flight answered,
 * then their connections closed as soon as they are idle (rather than after the keep-alive
 * timeout, which would hold the close that long); after `graceMs`, whatever is left is cut.
 */
export async function closeHttpServer(server: http.Server, graceMs = 10_000): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await closed;
  } finally {
    clearInterval(idle);
    clearTimeout(cut);
  }
}
