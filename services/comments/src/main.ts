import { startTelemetry } from '@marketplace/platform/telemetry';

// Telemetry starts before the rest is loaded, so the pg and http instrumentation applies.
const telemetry = startTelemetry('comments');
const { runService } = await import('@marketplace/platform');
const { readCommentsConfig } = await import('./config.ts');
const { startComments } = await import('./comments-server.ts');
await runService('comments', telemetry, (log) => startComments(readCommentsConfig(), log));
