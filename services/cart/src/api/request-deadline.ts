import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Aborts when the request's deadline passes or the client goes away; passed to every call. */
    deadline: AbortSignal;
  }
}

/** Gives every request a `deadline` signal of `timeoutMs`, also aborted when the client disconnects. */
export function installRequestDeadline(app: FastifyInstance, timeoutMs: number): void {
  app.decorateRequest('deadline', undefined as unknown as AbortSignal);
  app.addHook('onRequest', async (request, reply) => {
    const gone = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) gone.abort(new Error('client closed the connection'));
    });
    request.deadline = AbortSignal.any([AbortSignal.timeout(timeoutMs), gone.signal]);
  });
}
