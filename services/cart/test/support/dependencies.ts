import { type MarketplaceStack, startMarketplaceServices } from '@marketplace/testkit';

/** The API key test setup uses towards products: its own rate-limit bucket, not the cart's. */
export const ADMIN_API_KEY = 'adminToken';

/**
 * The real LOMS and products as child processes (testkit's stack: own databases, migrated and
 * seeded from fixtures/, free ports), products accepting the cart's key and the setup key.
 */
export async function startDependencies(productsEnv: Record<string, string> = {}) {
  const stack: MarketplaceStack = await startMarketplaceServices({
    services: ['loms', 'products'],
    env: {
      // Tests stop their services at once: no drain period.
      loms: { SHUTDOWN_DRAIN: '0' },
      products: { API_KEYS: `testToken,${ADMIN_API_KEY}`, SHUTDOWN_DRAIN: '0', ...productsEnv },
    },
    startTimeoutMs: 120_000,
  });
  const grpc = (name: 'loms' | 'products') => stack.services[name]!.grpcAddress!;
  return {
    addresses: { products: grpc('products'), loms: grpc('loms') },
    lomsHttp: stack.httpUrl('loms'),
    productsHttp: stack.httpUrl('products'),
    /** Stops both services and drops their databases; stopping again does nothing. */
    stop: () => stack.stop(),
  };
}

export type Dependencies = Awaited<ReturnType<typeof startDependencies>>;
