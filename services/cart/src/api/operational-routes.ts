import type { ServiceMetrics } from '@marketplace/platform';
import type { FastifyInstance } from 'fastify';

const hidden = { schema: { hide: true } };

/** /metrics (Prometheus), /healthz (the process answers), /readyz (it can serve: database reachable). */
export function registerOperationalRoutes(
  app: FastifyInstance,
  metrics: ServiceMetrics,
  ready: () => Promise<boolean>,
): void {
  app.get('/metrics', hidden, async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
  app.get('/healthz', hidden, async () => ({ status: 'ok' }));
  app.get('/readyz', hidden, async (_request, reply) => {
    const ok = await ready();
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready' });
  });
}
