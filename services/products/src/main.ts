import { startTelemetry } from '@marketplace/platform/telemetry';

// Telemetry starts before the rest is loaded, so the pg and http instrumentation applies.
const telemetry = startTelemetry('products');
const { runService } = await import('@marketplace/platform');
const { readProductsConfig } = await import('./config.ts');
const { startProducts } = await import('./products-server.ts');
await runService('products', telemetry, (log) => startProducts(readProductsConfig(), log));
