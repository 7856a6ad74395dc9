import { SpanKind, withRequestId, withSpan } from '@marketplace/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Runs a route handler in a server span named after its route (`GET /user/:user_id/cart`), joined
 * to the caller's trace (W3C `traceparent`), so the calls to products and LOMS made while handling
 * the request carry the same trace. Log lines written meanwhile carry the request id.
 */
export function traced<Request extends FastifyRequest, T>(
  handler: (request: Request, reply: FastifyReply) => Promise<T>,
): (request: Request, reply: FastifyReply) => Promise<T> {
  return (request, reply) => {
    const route = `${request.method} ${request.routeOptions.url}`;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers))
      if (typeof value === 'string') headers[name] = value;
    return withRequestId(request.requestId, () =>
      withSpan(
        route,
        { kind: SpanKind.SERVER, headers, attributes: { 'http.route': request.routeOptions.url ?? '' } },
        () => handler(request, reply),
      ),
    );
  };
}
