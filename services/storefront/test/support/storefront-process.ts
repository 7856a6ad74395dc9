import { type MarketplaceStack, startMarketplaceService } from '@marketplace/testkit';

/** The storefront's environment pointing at a started stack's services. */
export function stackEnv(stack: MarketplaceStack): Record<string, string> {
  return {
    CART_URL: stack.httpUrl('cart'),
    PRODUCTS_URL: stack.httpUrl('products'),
    PRODUCTS_API_KEY: stack.productsApiKey,
    LOMS_URL: stack.httpUrl('loms'),
    COMMENTS_URL: stack.httpUrl('comments'),
  };
}

/** The real storefront as a child process on a free port, from testkit's recipe. */
export async function startStorefrontProcess(env: Record<string, string>) {
  const storefront = await startMarketplaceService('storefront', { env });
  return { url: storefront.httpUrl, stop: () => storefront.stop() };
}
