import { create } from '@bufbuild/protobuf';
import { Code, ConnectError, type ConnectRouter, type ServiceImpl } from '@connectrpc/connect';
import {
  Health,
  type HealthCheckResponse,
  HealthCheckResponse_ServingStatus,
  HealthCheckResponseSchema,
} from '@marketplace/proto/grpc/health/v1/health_pb';
import type { HealthState, ServingStatus } from './health-state.ts';

/**
 * The grpc.health.v1.Health service over `state`: Check answers NOT_FOUND for an unknown name,
 * Watch sends the current status at once (SERVICE_UNKNOWN for an unknown name) and then every
 * change until the client goes away or the handler context is aborted (deadline, server shutdown
 * signal).
 */
export function createHealthService(state: HealthState): ServiceImpl<typeof Health> {
  return {
    check({ service }) {
      const status = state.get(service);
      if (status === undefined) throw new ConnectError(`unknown service "${service}"`, Code.NotFound);
      return response(status);
    },
    async *watch({ service }, { signal }) {
      for await (const status of watchStatus(state, service, signal)) yield response(status);
    },
    list() {
      const statuses: Record<string, HealthCheckResponse> = {};
      for (const [service, status] of state.list()) statuses[service] = response(status);
      return { statuses };
    },
  };
}

/** Registers grpc.health.v1.Health over `state` on a Connect router. */
export function healthRoutes(state: HealthState): (router: ConnectRouter) => void {
  return (router) => {
    router.service(Health, createHealthService(state));
  };
}

type WatchedStatus = ServingStatus | 'SERVICE_UNKNOWN';

function response(status: WatchedStatus): HealthCheckResponse {
  return create(HealthCheckResponseSchema, { status: HealthCheckResponse_ServingStatus[status] });
}

/**
 * Yields the current status of `service`, then each change, until `signal` aborts.
 * Changes that arrive while the consumer is busy are queued, not dropped, so a client sees
 * every transition in order.
 */
async function* watchStatus(
  state: HealthState,
  service: string,
  signal: AbortSignal,
): AsyncGenerator<WatchedStatus> {
  const pending: ServingStatus[] = [];
  let wake: (() => void) | undefined;
  // Subscribe before reading the current status, so that no change falls between the two.
  const unsubscribe = state.onChange((name, status) => {
    if (name !== service) return;
    pending.push(status);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal.addEventListener('abort', onAbort);
  try {
    yield state.get(service) ?? 'SERVICE_UNKNOWN';
    while (!signal.aborted) {
      const next = pending.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    unsubscribe();
    signal.removeEventListener('abort', onAbort);
  }
}
