import { startTelemetry } from '@marketplace/platform/telemetry';

// Telemetry starts before the rest is loaded, so the pg and http instrumentation applies.
const telemetry = startTelemetry('storefront');
const { runService } = await import('@marketplace/platform');
const { readStorefrontConfig } = await import('./config.ts');
const { startStorefront } = await import('./storefront-server.ts');
await runService('storefront', telemetry, (log) => startStorefront(readStorefrontConfig(), log));
