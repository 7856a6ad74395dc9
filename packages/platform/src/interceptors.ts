import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';
import type { Logger } from 'pino';
import { toConnectError } from './errors.ts';
import { createValidationInterceptor } from './grpc/validation-interceptor.ts';
import type { ServiceMetrics } from './metrics.ts';
import { requestIdFrom, withRequestId } from './request-context.ts';
import { SpanKind, withSpan } from './telemetry.ts';

export interface ServerInterceptorOptions {
  /**
   * Interceptors that decide whether a call may run at all (authentication, rate limits): they run
   * inside the error mapping and before request validation, so a caller without access learns
   * nothing about its request's validity.
   */
  guards?: readonly Interceptor[];
}

/**
 * The server interceptors every gRPC-first service runs, outermost first: the request id (from
 * `x-request-id` or new) in every log line, a server span per call, RED metrics, the mapping of
 * thrown errors to wire errors (internal ones logged with their stack, never sent), the guards, and
 * the request's protovalidate rules (InvalidArgument naming each broken rule).
 */
export function createServerInterceptors(
  metrics: ServiceMetrics,
  log: Logger,
  options: ServerInterceptorOptions = {},
): Interceptor[] {
  const tracing: Interceptor = (next) => (req) =>
    withSpan(
      `${req.service.typeName}/${req.method.name}`,
      { kind: SpanKind.SERVER, headers: req.header, attributes: { 'rpc.system': 'grpc' } },
      () => next(req),
    );

  const measuring: Interceptor = (next) => async (req) => {
    const labels = { service: req.service.typeName, method: req.method.name };
    const stopTimer = metrics.rpcDuration.startTimer();
    metrics.rpcInFlight.inc(labels);
    let code = 'OK';
    try {
      return await next(req);
    } catch (err) {
      code = codeName(err);
      throw err;
    } finally {
      metrics.rpcInFlight.dec(labels);
      metrics.rpcRequests.inc({ ...labels, code });
      stopTimer({ ...labels, code });
    }
  };

  const mappingErrors: Interceptor = (next) => async (req) => {
    try {
      return await next(req);
    } catch (err) {
      const { error, log: level } = toConnectError(err);
      if (level) log[level]({ err, method: req.method.name }, 'rpc failed');
      throw error;
    }
  };

  const identifying: Interceptor = (next) => async (req) => {
    const requestId = requestIdFrom(req.header.get('x-request-id'));
    const res = await withRequestId(requestId, () => next(req));
    res.header.set('x-request-id', requestId);
    return res;
  };

  return [
    identifying,
    tracing,
    measuring,
    mappingErrors,
    ...(options.guards ?? []),
    createValidationInterceptor(),
  ];
}

/** gRPC code as a metric label, e.g. `NotFound` (`OK` on success). */
function codeName(err: unknown): string {
  return Code[err instanceof ConnectError ? err.code : Code.Unknown];
}
