import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { currentTraceHeaders, isTransientRpcError, retryWithBackoff } from '@marketplace/platform';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import type { StockService } from '../app/ports.ts';
import { StockFencedError, StockRejectedError } from '../domain/errors.ts';

export interface LomsStockClientOptions {
  /** `host:port` of LOMS's gRPC listener (an `http://` prefix is accepted too). */
  address: string;
  /** Deadline of each attempt. */
  timeoutMs: number;
  /** Attempts in all for a call that fails with Unavailable or ResourceExhausted. */
  attempts: number;
  /** Products' own key with LOMS (X-API-KEY), which lets it set stock when LOMS needs an admin token. */
  apiKey: string;
}

/** Answers that retrying cannot change: the change itself is refused. */
const REFUSALS = new Set([Code.InvalidArgument, Code.FailedPrecondition, Code.OutOfRange, Code.NotFound]);

/**
 * StockSet over gRPC (Connect's gRPC transport) with a deadline per attempt and bounded retries
 * of transient failures. StockSet is an idempotent set, so retrying it is safe.
 */
export function createLomsStockClient(options: LomsStockClientOptions): StockService {
  const baseUrl = options.address.includes('://') ? options.address : `http://${options.address}`;
  const client = createClient(LomsService, createGrpcTransport({ baseUrl }));
  return {
    async setStock(sku, totalCount, fencingToken, signal) {
      try {
        await retryWithBackoff(
          () =>
            client.stockSet(
              { sku, totalCount, fencingToken },
              {
                timeoutMs: options.timeoutMs,
                signal,
                headers: { ...currentTraceHeaders(), 'x-api-key': options.apiKey },
              },
            ),
          { attempts: options.attempts, retryable: isTransientRpcError, signal },
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
