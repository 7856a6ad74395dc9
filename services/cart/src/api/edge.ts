import { Code } from '@connectrpc/connect';
import type { HttpEdges } from '@marketplace/platform';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** From the caller's `X-Request-Id` when valid, otherwise new; echoed on the answer and logged. */
    requestId: string;
  }
}

/**
 * What runs before anything else on every request: the platform's shared HTTP edge (request id
 * taken or made and echoed in `X-Request-Id`, CORS for the allowed origins, the per-client rate
 * limit), then the refusal of compressed bodies. When the edge has answered itself (a CORS
 * preflight, a 429), the request goes no further (Fastify still counts it in /metrics on `finish`).
 */
export function installEdge(app: FastifyInstance, edges: HttpEdges): void {
  app.decorateRequest('requestId', '');
  app.addHook('onRequest', async (request, reply) => {
    if (!passEdge(edges, request, reply)) return;
    const encoding = request.headers['content-encoding']?.trim().toLowerCase();
    if (encoding && encoding !== 'identity')
      return reply.code(415).send({
        code: Code.InvalidArgument,
        message: `unsupported content-encoding ${encoding}: only identity is accepted`,
        details: [],
      });
  });
}

/**
 * Fastify's `frameworkErrors`: the router refuses some paths before any hook runs (a path segment
 * longer than the longest id allowed, bad percent-encoding). They still go through the shared edge
 * and are answered in the cart's error format, as the bad input they are (400).
 */
export function answerFrameworkErrors(edges: HttpEdges) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    if (!passEdge(edges, request, reply)) return;
    const message =
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? 'invalid path: a path segment is longer than any id can be'
        : error.code === 'FST_ERR_BAD_URL'
          ? 'invalid path: not a valid URL component'
          : `invalid request: ${error.message}`;
    reply.code(400).send({ code: Code.InvalidArgument, message, details: [] });
  };
}

/** Runs the shared edge; false (the request taken over) when the edge has answered it itself. */
function passEdge(edges: HttpEdges, request: FastifyRequest, reply: FastifyReply) {
  const requestId = edges.handle(request.raw, reply.raw);
  if (requestId === undefined) {
    reply.hijack();
    return false;
  }
  request.requestId = requestId;
  return true;
}
