import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';

/** Services whose calls are cheap and must answer under load: health checks and reflection. */
const EXEMPT_SERVICES = /^grpc\.(health|reflection)\./;

/**
 * Sheds calls beyond `maxInFlight` running at once in the process, on every port and protocol:
 * each such call would wait for a database connection while holding its stream, request and
 * context in memory, so a flood of streams (or of resets, whose handlers run on) grows the heap
 * without bound. A shed call is answered Unavailable with Retry-After at once.
 */
export function createInFlightLimit(maxInFlight: number): Interceptor {
  let inFlight = 0;
  return (next) => async (req) => {
    if (EXEMPT_SERVICES.test(req.service.typeName)) return next(req);
    if (inFlight >= maxInFlight)
      throw new ConnectError(
        `server overloaded: ${maxInFlight} calls in flight, try again`,
        Code.Unavailable,
        new Headers({ 'retry-after': '1' }),
      );
    inFlight++;
    try {
      return await next(req);
    } finally {
      inFlight--;
    }
  };
}
