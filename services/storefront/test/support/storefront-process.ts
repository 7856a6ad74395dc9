import { freePort, type MarketplaceStack, startServiceProcess } from '@marketplace/testkit';

const STOREFRONT_DIR = new URL('../../', import.meta.url).pathname;

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

/** The real storefront (src/main.ts) as a child process on a free port. */
export async function startStorefrontProcess(env: Record<string, string>) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = await startServiceProcess({
    cwd: STOREFRONT_DIR,
    entry: 'src/main.ts',
    env: { HOST: '127.0.0.1', HTTP_PORT: String(port), LOG_LEVEL: 'warn', ...env },
    readyUrl: `${url}/readyz`,
    timeoutMs: 60_000,
  });
  return { url, stop: () => child.stop() };
}
