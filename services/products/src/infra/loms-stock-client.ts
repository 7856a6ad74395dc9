import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';
import { createGrpcClient, createResilientCall } from '@marketplace/platform';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import type { StockService } from '../app/ports.ts';
import { StockFencedError, StockRejectedError } from '../domain/errors.ts';

export interface LomsStockClientOptions {
  /** `host:port` of LOMS's gRPC listener. */
  address: string;
  /** Deadline of each attempt. */
  timeoutMs: number;
  /** Attempts in all for a call that fails with Unavailable or ResourceExhausted. */
  attempts: number;
  /** Products' own key with LOMS (X-API-KEY), which lets it set stock when LOMS needs an admin token. */
  apiKey: string;
}

export interface LomsStockClient extends StockService {
  /** Closes the connection to LOMS. */
  close(): void;
}

/** Answers that retrying cannot change: the change itself is refused. */
const REFUSALS = new Set([Code.InvalidArgument, Code.FailedPrecondition, Code.OutOfRange, Code.NotFound]);

/**
 * StockSet over the platform's gRPC client (kept-alive connection, the process's client
 * interceptors: trace context and client metrics) with a deadline per attempt and bounded retries
 * of transient failures. StockSet is an idempotent set, so retrying it is safe.
 */
export function createLomsStockClient(
  options: LomsStockClientOptions,
  interceptors: Interceptor[] = [],
): LomsStockClient {
  const { client, close } = createGrpcClient(LomsService, options.address, interceptors);
  const call = createResilientCall({ timeoutMs: options.timeoutMs, attempts: options.attempts });
  const headers = { 'x-api-key': options.apiKey };
  return {
    close,
    async setStock(sku, totalCount, fencingToken, signal) {
      try {
        await call(
          (attempt) => client.stockSet({ sku, totalCount, fencingToken }, { ...attempt, headers }),
          signal,
        );
      } catch (err) {
        const error = ConnectError.from(err);
        if (error.code === Code.Aborted) throw new StockFencedError(sku, error.rawMessage);
        if (REFUSALS.has(error.code)) throw new StockRejectedError(sku, error.rawMessage);
        throw error;
      }
    },
  };
}
