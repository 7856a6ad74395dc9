import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';
import { createGrpcClient, createResilientCall, type Logger } from '@marketplace/platform';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import type { OrderService } from '../app/ports.ts';
import type { CartConfig } from '../config.ts';
import { OrderForbiddenError, OrderRefusedError } from '../domain/errors.ts';
import { toDependencyError } from './dependency-errors.ts';

export interface LomsClient extends OrderService {
  close(): void;
}

const NAME = 'order service (LOMS)';

/**
 * LOMS over gRPC, each call with a deadline and retried on Unavailable/ResourceExhausted: stock
 * reads are safe to repeat, and OrderCreate carries the checkout's idempotency key, so a repeat
 * returns the same order instead of making a second one. OrderCreate also carries the user's access
 * token when the checkout has one (AUTH_MODE=jwt), for LOMS to check the order's user.
 */
export function createLomsClient(
  settings: CartConfig['loms'],
  interceptors: Interceptor[],
  log: Logger,
): LomsClient {
  const { client, close } = createGrpcClient(LomsService, settings.address, interceptors);
  const call = createResilientCall({
    timeoutMs: settings.callTimeoutMs,
    attempts: settings.retryAttempts,
    onRetry: ({ attempt, delayMs, err }) =>
      log.info({ attempt, delayMs, code: ConnectError.from(err).code }, 'retrying LOMS call'),
  });
  const is = (err: unknown, code: Code) => err instanceof ConnectError && err.code === code;

  return {
    close,
    async availableStock(sku, signal) {
      try {
        return (await call((options) => client.stocksInfo({ sku }, options), signal)).count;
      } catch (err) {
        if (is(err, Code.NotFound)) return 0;
        throw toDependencyError(err, NAME, signal);
      }
    },

    async createOrder({ userId, items, idempotencyKey, accessToken }, signal) {
      const headers: Record<string, string> = { 'idempotency-key': idempotencyKey };
      if (accessToken) headers.authorization = `Bearer ${accessToken}`;
      try {
        const answer = await call(
          (options) => client.orderCreate({ userId, items }, { ...options, headers }),
          signal,
        );
        return answer.orderId;
      } catch (err) {
        if (is(err, Code.FailedPrecondition)) throw new OrderRefusedError((err as ConnectError).rawMessage);
        if (is(err, Code.PermissionDenied)) throw new OrderForbiddenError((err as ConnectError).rawMessage);
        throw toDependencyError(err, NAME, signal);
      }
    },
  };
}
