import { Code } from '@connectrpc/connect';
import { DomainError, httpStatusFromCode, isDatabaseUnavailable, type Logger } from '@marketplace/platform';
import type { FastifyError, FastifyInstance } from 'fastify';

interface ErrorAnswer {
  status: number;
  code: Code;
  message: string;
}

/**
 * The contract's status for a code. The cart is HTTP-only and answers a failed precondition
 * (unknown sku, short stock, refused order) with 412, where the gRPC-first services say 400.
 */
export function cartHttpStatus(code: Code): number {
  return code === Code.FailedPrecondition ? 412 : httpStatusFromCode(code);
}

/** Codes for the errors Fastify raises itself, by their HTTP status (413, 415, 400 ...). */
const CODE_BY_STATUS: Record<number, Code> = {
  404: Code.NotFound,
  405: Code.Unimplemented,
  413: Code.ResourceExhausted,
};

/**
 * The one place where errors become answers `{"code", "message", "details": []}`: bad input and
 * domain errors keep their message; the request deadline is 504; the cause of anything unexpected
 * goes to the log and the client reads `internal error`.
 */
export function installErrorHandling(app: FastifyInstance, log: Logger, requestTimeoutMs: number): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const answer = describe(err, request.deadline, requestTimeoutMs);
    if (answer.status >= 500 && answer.code === Code.Internal)
      log.error(
        { err, method: request.method, url: request.url, requestId: request.requestId },
        'request failed',
      );
    return reply.code(answer.status).send({ code: answer.code, message: answer.message, details: [] });
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ code: Code.NotFound, message: `no route for ${request.method} ${request.url}`, details: [] }),
  );
}

function describe(err: unknown, deadline: AbortSignal | undefined, timeoutMs: number): ErrorAnswer {
  if (err instanceof DomainError)
    return { status: cartHttpStatus(err.code), code: err.code, message: err.message };
  if (deadline?.aborted && err === deadline.reason)
    return {
      status: 504,
      code: Code.DeadlineExceeded,
      message: `request did not finish within its ${timeoutMs} ms deadline`,
    };
  const { validation, statusCode: status = 500, message } = err as Partial<FastifyError>;
  if (validation) return { status: 400, code: Code.InvalidArgument, message: String(message) };
  if (isDatabaseUnavailable(err))
    return { status: 503, code: Code.Unavailable, message: 'database unavailable, try again' };
  if (status >= 400 && status < 500)
    return { status, code: CODE_BY_STATUS[status] ?? Code.InvalidArgument, message: String(message) };
  return { status: 500, code: Code.Internal, message: 'internal error' };
}
