import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { Logger, ServiceMetrics } from '@marketplace/platform';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { CartDeps } from '../app/ports.ts';
import { registerCartRoutes } from './cart-routes.ts';
import { rejectNonDecimalIds } from './decimal-ids.ts';
import { installErrorHandling } from './http-errors.ts';
import { installHttpMetrics } from './http-metrics.ts';
import { registerOperationalRoutes } from './operational-routes.ts';
import { installRequestDeadline } from './request-deadline.ts';
import { errorSchema } from './schemas.ts';
import { describeValidationErrors } from './validation-errors.ts';

export interface CartAppOptions {
  deps: CartDeps;
  metrics: ServiceMetrics;
  log: Logger;
  requestTimeoutMs: number;
  ready: () => Promise<boolean>;
}

const BODY_LIMIT = 16 * 1024;

/**
 * The cart's HTTP API on Fastify: the contract's routes with JSON-schema validation, OpenAPI at
 * /openapi.json and Swagger UI at /docs (served from the installed package, offline), /metrics,
 * /healthz and /readyz.
 */
export async function buildCartApp(options: CartAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.log as FastifyBaseLogger,
    // Requests are counted in /metrics; only failures are logged (by the error handler).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    schemaErrorFormatter: describeValidationErrors,
    forceCloseConnections: 'idle',
  });
  acceptJsonOfAnyContentType(app);
  rejectNonDecimalIds(app);
  installRequestDeadline(app, options.requestTimeoutMs);
  installErrorHandling(app, options.log, options.requestTimeoutMs);
  installHttpMetrics(app, options.metrics);
  app.addSchema(errorSchema);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Cart', version: '1.0.0', description: 'Users’ carts and checkout (JSON, snake_case).' },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  registerOperationalRoutes(app, options.metrics, options.ready);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerCartRoutes(app, options.deps);
  await app.ready();
  return app;
}

/**
 * Bodies are read as JSON whatever their content type (curl's default form type included), as the
 * REST gateway of the other services does; text that is not JSON is a 400.
 */
function acceptJsonOfAnyContentType(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error('invalid body: not valid JSON'), { statusCode: 400 }), undefined);
    }
  });
}
