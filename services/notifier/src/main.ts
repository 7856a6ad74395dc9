import { startTelemetry } from '@marketplace/platform/telemetry';

// Telemetry starts before the rest is loaded, so the pg instrumentation applies.
const telemetry = startTelemetry('notifier');
const { runService } = await import('@marketplace/platform');
const { readNotifierConfig } = await import('./config.ts');
const { startNotifier } = await import('./notifier-server.ts');
await runService('notifier', telemetry, (log) => startNotifier(readNotifierConfig(), log));
