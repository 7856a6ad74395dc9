import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';
import {
  allOrCancel,
  type CircuitStateName,
  createClientPolicies,
  createFleetRateLimiter,
  createGrpcClient,
  createResilientCall,
  type Logger,
  type SharedRateBuckets,
} from '@marketplace/platform';
import { ProductService } from '@marketplace/proto/marketplace/products/v1/products_pb';
import type { Registry } from 'prom-client';
import type { ProductCatalog } from '../app/ports.ts';
import type { CartConfig } from '../config.ts';
import type { Product } from '../domain/cart.ts';
import { toDependencyError } from './dependency-errors.ts';

export interface ProductsClient extends ProductCatalog {
  readonly circuit: CircuitStateName;
  close(): void;
}

/**
 * The products service over gRPC with the cart's client-side policies: a rate limit shared by the
 * cart's replicas through `sharedBuckets` (callers wait for a token), BatchGetProducts in chunks of `batchSize` run in parallel and
 * cancelled together on the first error, retries with backoff on ResourceExhausted/Unavailable
 * (honouring retry-after), a circuit breaker, and a deadline per call.
 */
export function createProductsClient(
  settings: CartConfig['products'],
  interceptors: Interceptor[],
  log: Logger,
  registry: Registry,
  sharedBuckets?: SharedRateBuckets,
): ProductsClient {
  const { metrics, breaker, onRetry } = createClientPolicies('products', settings, registry, log);
  const apiKey: Interceptor = (next) => (req) => {
    req.header.set('x-api-key', settings.apiKey);
    return next(req);
  };
  const { client, close } = createGrpcClient(ProductService, settings.address, [...interceptors, apiKey]);
  const call = createResilientCall({
    timeoutMs: settings.callTimeoutMs,
    attempts: settings.retryAttempts,
    limiter: metrics.measureWaits(
      createFleetRateLimiter({
        bucket: 'cart:products',
        ratePerSecond: settings.ratePerSecond,
        burst: settings.burst,
        shared: sharedBuckets,
        log,
      }),
    ),
    breaker,
    onRetry,
  });

  const getOne = async (sku: bigint, signal: AbortSignal): Promise<Product[]> => {
    try {
      const { product } = await call((options) => client.getProduct({ sku }, options), signal);
      return product ? [product] : [];
    } catch (err) {
      if (err instanceof ConnectError && err.code === Code.NotFound) return [];
      throw err;
    }
  };
  const getBatch = async (skus: bigint[], signal: AbortSignal): Promise<Product[]> =>
    (await call((options) => client.batchGetProducts({ skus }, options), signal)).products;

  return {
    get circuit() {
      return breaker.state;
    },
    close,
    async getProducts(skus, signal) {
      const chunks = chunk([...new Set(skus)], settings.batchSize);
      try {
        const answers = await allOrCancel(
          chunks.map(
            (part) => (s: AbortSignal) => (part.length === 1 ? getOne(part[0]!, s) : getBatch(part, s)),
          ),
          signal,
        );
        return new Map(
          answers.flat().map((p) => [p.sku, { sku: p.sku, name: p.name, price: p.price }] as const),
        );
      } catch (err) {
        throw toDependencyError(err, 'products service', signal);
      }
    },
  };
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
