import type { ServiceMetrics } from '@marketplace/platform';
import type { FastifyInstance } from 'fastify';
import { Histogram } from 'prom-client';

/**
 * RED metrics of the HTTP API by route template (`/user/:user_id/cart`, or `unmatched` for 404s
 * of unknown paths, so ids never become labels) and status: `http_server_route_duration_seconds`
 * (its _count is the request rate and errors by status), and the service-wide
 * `http_server_requests_total` by method and status.
 */
export function installHttpMetrics(app: FastifyInstance, metrics: ServiceMetrics): void {
  const duration = new Histogram({
    name: 'http_server_route_duration_seconds',
    help: 'HTTP request handling time, by method, route template and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
    registers: [metrics.registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const status = String(reply.statusCode);
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ method: request.method, route, status }, reply.elapsedTime / 1000);
    metrics.httpRequests.inc({ method: request.method, status });
  });
}
