import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ServiceMetrics } from './metrics.ts';

export interface OpsOptions {
  metrics: ServiceMetrics;
  /** Whether the service can take traffic now (checked by /readyz). */
  ready: () => Promise<boolean>;
}

/**
 * Answers GET /metrics (Prometheus), /healthz (the process is alive) and /readyz (ready and not
 * shutting down); returns false for any other request.
 */
export function createOpsHandler(options: OpsOptions, isStopping: () => boolean) {
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
      const ready = !isStopping() && (await options.ready());
      return json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' });
    }
    return false;
  };
}

function json(res: http.ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
  return true;
}

/** An HTTP server with only the ops endpoints, for services without an API (a Kafka consumer). */
export async function startOpsServer(options: OpsOptions & { host: string; port: number; log: Logger }) {
  let stopping = false;
  const handle = createOpsHandler(options, () => stopping);
  const server = http.createServer((req, res) => {
    handle(req, res)
      .then((handled) => {
        if (!handled)
          json(res, 404, { code: 5, message: `no route for ${req.method} ${req.url}`, details: [] });
      })
      .catch((err: unknown) => {
        options.log.error({ err }, 'ops endpoint failed');
        if (!res.headersSent) json(res, 500, { code: 13, message: 'internal error', details: [] });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    async stop() {
      stopping = true;
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
