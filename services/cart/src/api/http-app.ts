import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import {
  answerClientError,
  type HttpEdges,
  http1ServerOptions,
  type Logger,
  type ServerLimits,
  type ServiceMetrics,
} from '@marketplace/platform';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { CartDeps } from '../app/ports.ts';
import type { CartAuthentication } from './authentication.ts';
import { registerCartRoutes } from './cart-routes.ts';
import { answerFrameworkErrors, installEdge } from './edge.ts';
import { installErrorHandling } from './http-errors.ts';
import { installHttpMetrics } from './http-metrics.ts';
import { installExactJson } from './json-io.ts';
import { registerOperationalRoutes } from './operational-routes.ts';
import { checkPathIds } from './path-ids.ts';
import { installRequestDeadline } from './request-deadline.ts';
import { errorSchema } from './schemas.ts';
import { describeValidationErrors } from './validation-errors.ts';

export interface CartAppOptions {
  deps: CartDeps;
  metrics: ServiceMetrics;
  log: Logger;
  /** Deadline of handling one request. */
  requestTimeoutMs: number;
  /** Largest request body. */
  bodyLimitBytes: number;
  /** The listener's limits, the same as every server's (packages/platform). */
  limits: ServerLimits;
  /** The platform's shared HTTP edge: request id, CORS, per-client rate limit. */
  edges: HttpEdges;
  ready: () => Promise<boolean>;
  /** The caller check of every cart route (AUTH_MODE=jwt); none when user ids are taken as given. */
  authenticate?: CartAuthentication | undefined;
}

/**
 * Long enough for any int64 path id ("9223372036854775807" is 19 characters) with room for a sign
 * and leading zeros, which are then refused or read by value; a longer segment is a 400.
 */
const MAX_PARAM_LENGTH = 64;

/**
 * The cart's HTTP API on Fastify: the contract's routes with JSON-schema validation, OpenAPI at
 * /openapi.json and Swagger UI at /docs (served from the installed package, offline), /metrics,
 * /healthz and /readyz. The listener bounds how long a request may take to arrive, how big it may
 * be and how long idle connections stay; ids and JSON numbers are read and written exactly.
 */
export async function buildCartApp(options: CartAppOptions): Promise<FastifyInstance> {
  const { limits } = options;
  const app = Fastify({
    loggerInstance: options.log as FastifyBaseLogger,
    // Requests are counted in /metrics; only failures are logged (by the error handler).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimitBytes,
    // Fastify sets these on the server after creating it: they must repeat the limits.
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: http1ServerOptions(limits),
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Path ids are strings checked by checkPathIds and bodies by their own readers; nothing is
    // coerced (`true` or `[1]` is not a count).
    ajv: { customOptions: { coerceTypes: false } },
    schemaErrorFormatter: describeValidationErrors,
    frameworkErrors: answerFrameworkErrors(options.edges),
    forceCloseConnections: 'idle',
    clientErrorHandler: answerClientError,
  });
  installEdge(app, options.edges);
  installExactJson(app);
  checkPathIds(app);
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
  app.decorateRequest('caller', undefined);
  registerCartRoutes(app, options.deps, options.authenticate);
  await app.ready();
  return app;
}
