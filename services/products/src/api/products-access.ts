import type { Interceptor } from '@connectrpc/connect';
import {
  type AccessPolicies,
  type AuthMode,
  adminOnly,
  createAuthGuard,
  type TokenVerifier,
} from '@marketplace/platform';
import { ProductService } from '@marketplace/proto/marketplace/products/v1/products_pb';

/**
 * Who may call what with AUTH_MODE=jwt: reads stay service-to-service calls under X-API-KEY (the
 * cart, the storefront), while every change of the catalogue, ingest included, needs an admin token.
 */
const POLICIES: AccessPolicies<typeof ProductService> = {
  getProduct: 'anyone',
  listProducts: 'anyone',
  batchGetProducts: 'anyone',
  createProduct: adminOnly('CreateProduct'),
  updateProduct: adminOnly('UpdateProduct'),
  deleteProduct: adminOnly('DeleteProduct'),
  ingestEvents: adminOnly('IngestEvents'),
  getIngestBatch: adminOnly('GetIngestBatch'),
};

const ADMIN_METHODS = new Set(
  Object.entries(POLICIES)
    .filter(([, policy]) => policy !== 'anyone')
    .map(([method]) => method),
);

/** The guard of products' calls (AUTH_MODE=jwt). */
export function createProductsGuard(verifier: TokenVerifier): Interceptor {
  return createAuthGuard({ service: ProductService, verifier, policies: POLICIES });
}

/** A call as the interceptors see it. */
export interface CallName {
  service: { typeName: string };
  method: { localName: string };
}

/**
 * The calls that need X-API-KEY (and count against its rate limit): every ProductService call, except,
 * with AUTH_MODE=jwt, the admin calls, which the admin's token authorizes instead.
 */
export function callsNeedingApiKey(mode: AuthMode): (call: CallName) => boolean {
  return (call) =>
    call.service.typeName === ProductService.typeName &&
    !(mode === 'jwt' && ADMIN_METHODS.has(call.method.localName));
}
