import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';
import { Counter, Histogram, type Registry } from 'prom-client';
import { currentTraceHeaders, SpanKind, withSpan } from './telemetry.ts';

/**
 * Interceptors for Connect clients, outermost first: a client span per call whose W3C trace
 * context goes out in the request headers, and RED metrics of every attempt by service, method
 * and gRPC code (`rpc_client_requests_total`, `rpc_client_duration_seconds`). Create them once per
 * registry and share them between the clients of a process.
 */
export function createClientInterceptors(registry: Registry): Interceptor[] {
  const labelNames = ['service', 'method', 'code'] as const;
  const requests = new Counter({
    name: 'rpc_client_requests_total',
    help: 'RPCs made to other services, by method and gRPC code (each retry counts).',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'rpc_client_duration_seconds',
    help: 'Time until the answer of RPCs made to other services, by method and gRPC code.',
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const tracing: Interceptor = (next) => (req) =>
    withSpan(
      `${req.service.typeName}/${req.method.name}`,
      { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'grpc' } },
      () => {
        for (const [key, value] of Object.entries(currentTraceHeaders())) req.header.set(key, value);
        return next(req);
      },
    );

  const measuring: Interceptor = (next) => async (req) => {
    const labels = { service: req.service.typeName, method: req.method.name };
    const stopTimer = duration.startTimer();
    let code = 'OK';
    try {
      return await next(req);
    } catch (err) {
      code = Code[ConnectError.from(err).code];
      throw err;
    } finally {
      requests.inc({ ...labels, code });
      stopTimer({ ...labels, code });
    }
  };

  return [tracing, measuring];
}
