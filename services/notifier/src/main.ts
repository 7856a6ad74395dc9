import { startTelemetry } from '@marketplace/platform/telemetry';

// Telemetry starts before the rest is loaded, so the pg instrumentation applies.
const telemetry = startTelemetry('notifier');
const { createLogger, runService } = await import('@marketplace/platform');
const { readNotifierConfig } = await import('./config.ts');
const { startNotifier } = await import('./notifier-server.ts');
await runService('notifier', telemetry, (log) =>
  startNotifier(readNotifierConfig(), log, {
    // Written synchronously (process.stdout is, for files and pipes on Linux): a notification line is
    // out before the transaction recording its event commits.
    notifications: createLogger('notifier', log.level, process.stdout),
  }),
);
