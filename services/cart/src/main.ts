import { startTelemetry } from '@marketplace/platform/telemetry';

// Telemetry starts before the rest is loaded, so the pg and http instrumentation applies.
const telemetry = startTelemetry('cart');
const { runService } = await import('@marketplace/platform');
const { readCartConfig } = await import('./config.ts');
const { startCart } = await import('./cart-server.ts');
await runService('cart', telemetry, (log) => startCart(readCartConfig(), log));
