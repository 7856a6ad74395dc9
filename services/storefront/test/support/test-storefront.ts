import { pino } from 'pino';
import { readStorefrontConfig } from '../../src/config.ts';
import { startStorefront } from '../../src/storefront-server.ts';

/** A storefront in this process on a free port, configured by `env` like the real one. */
export async function startTestStorefront(env: Record<string, string>) {
  const config = readStorefrontConfig({ HOST: '127.0.0.1', HTTP_PORT: '0', ...env });
  const storefront = await startStorefront(config, pino({ level: 'silent' }));
  return { ...storefront, url: `http://127.0.0.1:${storefront.httpPort}` };
}
